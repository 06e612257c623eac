using System.Buffers.Binary;
using System.Text;

namespace MnistFunctional.Torch.Native;

/// <summary>
/// Read-only view of a 64-bit little-endian ELF file (x86-64 and arm64 Linux): its section headers and string
/// tables. Every offset is bounds-checked, so a truncated or foreign file gives an <see cref="ElfFormatException"/>
/// that names it rather than an index error.
/// </summary>
internal sealed class ElfImage
{
    public const uint SectionRela = 4;
    public const uint SectionDynamic = 6;
    public const uint SectionDynamicSymbols = 11;
    public const uint SectionVersionNeeds = 0x6ffffffe;
    public const uint SectionVersionSymbols = 0x6fffffff;

    private const int HeaderSize = 64;
    private const int SectionHeaderSize = 64;

    private readonly byte[] bytes;

    public ElfImage(byte[] bytes, string source)
    {
        this.bytes = bytes;
        Source = source;
        if (bytes.Length < HeaderSize || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
        {
            throw new ElfFormatException(source, "it does not start with the ELF magic bytes 7F 'E' 'L' 'F'.");
        }

        if (bytes[4] != 2 || bytes[5] != 1)
        {
            throw new ElfFormatException(source, $"only 64-bit little-endian ELF is supported (class {bytes[4]}, data encoding {bytes[5]}).");
        }

        var sectionTable = Int64(0x28);
        var entrySize = UInt16(0x3a);
        var count = UInt16(0x3c);
        if (sectionTable == 0 || count == 0)
        {
            throw new ElfFormatException(source, "it has no section header table.");
        }

        if (entrySize != SectionHeaderSize)
        {
            throw new ElfFormatException(source, $"its section headers are {entrySize} bytes, not {SectionHeaderSize}.");
        }

        Require(sectionTable, (long)count * SectionHeaderSize, "the section header table");
        var sections = new ElfSection[count];
        for (var i = 0; i < count; i++)
        {
            var at = sectionTable + ((long)i * SectionHeaderSize);
            var section = new ElfSection(UInt32(at + 4), Int64(at + 0x18), Int64(at + 0x20), UInt32(at + 0x28), UInt32(at + 0x2c), Int64(at + 0x38));
            if (section.Type != 8)
            {
                // SHT_NOBITS (8, .bss) occupies no bytes in the file; every other section must lie inside it.
                Require(section.Offset, section.Size, $"section {i}");
            }

            sections[i] = section;
        }

        Sections = sections;
    }

    public string Source { get; }

    public IReadOnlyList<ElfSection> Sections { get; }

    /// <summary>The only section of <paramref name="type"/>, or null when there is none.</summary>
    public ElfSection? Single(uint type, string what)
    {
        var found = Sections.Where(section => section.Type == type).ToList();
        return found.Count switch
        {
            0 => null,
            1 => found[0],
            _ => throw new ElfFormatException(Source, $"it has {found.Count} {what} sections, expected one."),
        };
    }

    public ElfSection Linked(ElfSection section) =>
        section.Link < Sections.Count ? Sections[(int)section.Link] : throw new ElfFormatException(Source, $"a section links to section {section.Link}, which does not exist.");

    /// <summary>The NUL-terminated string at <paramref name="offset"/> in the string table <paramref name="table"/>.</summary>
    public string String(ElfSection table, long offset)
    {
        if (offset < 0 || offset >= table.Size)
        {
            throw new ElfFormatException(Source, $"a name points outside its string table ({offset} of {table.Size} bytes).");
        }

        var start = (int)(table.Offset + offset);
        var end = Array.IndexOf(bytes, (byte)0, start, (int)(table.Size - offset));
        return end < 0
            ? throw new ElfFormatException(Source, "a name in a string table is not NUL-terminated.")
            : Encoding.ASCII.GetString(bytes, start, end - start);
    }

    public ushort UInt16(long at)
    {
        Require(at, 2, "a 16-bit field");
        return BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)at));
    }

    public uint UInt32(long at)
    {
        Require(at, 4, "a 32-bit field");
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)at));
    }

    public long Int64(long at)
    {
        Require(at, 8, "a 64-bit field");
        return BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan((int)at));
    }

    private void Require(long offset, long length, string what)
    {
        if (offset < 0 || length < 0 || offset > bytes.Length - length)
        {
            throw new ElfFormatException(Source, $"{what} (bytes {offset}..{offset + length}) lies outside the {bytes.Length}-byte file: it is truncated or corrupt.");
        }
    }
}
