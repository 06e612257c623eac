namespace MnistFunctional.Tests.Training;

/// <summary>A clock that never moves, so epoch times (and so whole histories) compare equal across runs.</summary>
internal sealed class FrozenClock : TimeProvider
{
    public override long GetTimestamp() => 0;
}
