using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace MnistFunctional.Generators.Model
{
    /// <summary>An immutable array with value equality, so pipeline models compare by content and cache.</summary>
    internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IEnumerable<T>
        where T : IEquatable<T>
    {
        private readonly T[]? items;

        public EquatableArray(IEnumerable<T> items) => this.items = items.ToArray();

        public int Count => items?.Length ?? 0;

        public T this[int index] => items![index];

        public bool Equals(EquatableArray<T> other) => AsSpan().SequenceEqual(other.AsSpan());

        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            var hash = 17;
            foreach (var item in AsSpan())
            {
                hash = unchecked((hash * 31) + item.GetHashCode());
            }

            return hash;
        }

        public ReadOnlySpan<T> AsSpan() => items.AsSpan();

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(items ?? Array.Empty<T>())).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

        public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
    }
}
