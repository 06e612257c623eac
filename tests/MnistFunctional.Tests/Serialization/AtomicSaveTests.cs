using MnistFunctional.IO;
using MnistFunctional.Serialization;
using MnistFunctional.Tests.TestNetworks;

namespace MnistFunctional.Tests.Serialization;

public sealed class AtomicSaveTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Saving_into_a_missing_folder_fails_clearly_and_writes_nothing()
    {
        var path = folder.File(Path.Combine("missing", "tiny.safetensors"));

        var error = Assert.Throws<ModelFileException>(() => ModelFile.Save(path, TinyNet.Network, TinyNet.Initialize(1)));

        Assert.Contains("cannot write the file: the folder", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Empty(folder.Entries());
    }

    [Fact]
    public void A_failed_rename_leaves_no_temporary_file()
    {
        var path = folder.File("taken");
        Directory.CreateDirectory(path);

        var error = Assert.Throws<ModelFileException>(() => ModelFile.Save(path, TinyNet.Network, TinyNet.Initialize(1)));

        Assert.Contains("nothing was written", error.Message, StringComparison.Ordinal);
        Assert.Equal(["taken"], folder.Entries());
    }

    [Fact]
    public void An_io_error_in_the_middle_of_the_write_leaves_the_old_file_intact_and_no_temporary_file()
    {
        var path = folder.File("model.safetensors");
        ModelFile.Save(path, TinyNet.Network, TinyNet.Initialize(1));
        var before = File.ReadAllBytes(path);
        string? temp = null;

        var error = Assert.Throws<IOException>(() => AtomicFile.Write(path, ModelFiles.Tiny(2), createFolder: false, name =>
        {
            temp = name;
            return new FailingStream(new FileStream(name, FileMode.CreateNew), failAfter: 100, new IOException("disk full"));
        }));

        Assert.Contains("disk full", error.Message, StringComparison.Ordinal);
        Assert.NotNull(temp);
        Assert.Equal(folder.Path, Path.GetDirectoryName(temp));
        Assert.False(File.Exists(temp));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["model.safetensors"], folder.Entries());
    }

    [Fact]
    public void Any_other_exception_in_the_middle_of_the_write_also_removes_the_temporary_file()
    {
        var path = folder.File("model.safetensors");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, ModelFiles.Tiny(2), createFolder: false, name =>
            new FailingStream(new FileStream(name, FileMode.CreateNew), failAfter: 10, new InvalidOperationException("boom"))));

        Assert.Empty(folder.Entries());
    }

    /// <summary>Writes through to a file, then throws once more than <c>failAfter</c> bytes were asked for.</summary>
    private sealed class FailingStream(Stream inner, int failAfter, Exception failure) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer[..Math.Min(buffer.Length, failAfter)]);
            if (buffer.Length > failAfter)
            {
                throw failure;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
