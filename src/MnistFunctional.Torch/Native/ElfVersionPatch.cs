using System.Buffers.Binary;
using System.Collections.Immutable;

namespace MnistFunctional.Torch.Native;

/// <summary>
/// Pure functions over the bytes of an ELF shared library: its version requirements (<c>.gnu.version_r</c>),
/// its DT_NEEDED libraries, and a copy in which every version requirement that no relocation uses is marked
/// weak (VER_FLG_WEAK). The dynamic loader refuses a library whose non-weak version requirement the system
/// lacks, but only notes a missing weak one; a version no relocation uses binds no symbol, so weakening it
/// cannot change what the library calls.
/// </summary>
public static class ElfVersionPatch
{
    /// <summary>VER_FLG_WEAK in a vernaux entry's flags.</summary>
    public const ushort WeakFlag = 0x2;

    private const int VersionEntrySize = 16;
    private const int RelaEntrySize = 24;
    private const long DtNeeded = 1;

    public static ImmutableArray<VersionRequirement> Requirements(byte[] elf, string source) =>
        [.. Read(new ElfImage(elf, source)).Select(entry => entry.Requirement)];

    /// <summary>The library names in the DT_NEEDED entries of the dynamic section, in order.</summary>
    public static ImmutableArray<string> NeededLibraries(byte[] elf, string source)
    {
        var image = new ElfImage(elf, source);
        var dynamic = image.Single(ElfImage.SectionDynamic, "dynamic") ?? throw new ElfFormatException(source, "it has no dynamic section.");
        var strings = image.Linked(dynamic);
        var needed = ImmutableArray.CreateBuilder<string>();
        for (var at = dynamic.Offset; at + 16 <= dynamic.Offset + dynamic.Size; at += 16)
        {
            var tag = image.Int64(at);
            if (tag == 0)
            {
                break;
            }

            if (tag == DtNeeded)
            {
                needed.Add(image.String(strings, image.Int64(at + 8)));
            }
        }

        return needed.ToImmutable();
    }

    /// <summary>A copy of <paramref name="elf"/> with every unused, not yet weak version requirement marked weak.</summary>
    public static PatchedElf WeakenUnused(byte[] elf, string source)
    {
        var entries = Read(new ElfImage(elf, source));
        var copy = (byte[])elf.Clone();
        var weakened = ImmutableArray.CreateBuilder<VersionRequirement>();
        foreach (var (requirement, flagsOffset) in entries)
        {
            if (requirement.IsWeak || requirement.RelocationCount > 0)
            {
                continue;
            }

            var flags = BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan((int)flagsOffset));
            BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan((int)flagsOffset), (ushort)(flags | WeakFlag));
            weakened.Add(requirement with { IsWeak = true });
        }

        return new PatchedElf(copy, weakened.ToImmutable());
    }

    private static List<(VersionRequirement Requirement, long FlagsOffset)> Read(ElfImage image)
    {
        var needs = image.Single(ElfImage.SectionVersionNeeds, ".gnu.version_r");
        if (needs is not { } section)
        {
            return [];
        }

        var relocations = RelocationsPerVersion(image);
        var strings = image.Linked(section);
        var result = new List<(VersionRequirement, long)>();
        var entry = section.Offset;
        for (var n = 0; n < section.Info; n++)
        {
            RequireInside(image, section, entry, VersionEntrySize, "a version need entry");
            var auxCount = image.UInt16(entry + 2);
            var library = image.String(strings, image.UInt32(entry + 4));
            var aux = entry + image.UInt32(entry + 8);
            for (var a = 0; a < auxCount; a++)
            {
                RequireInside(image, section, aux, VersionEntrySize, "a version entry");
                var flags = image.UInt16(aux + 4);
                var index = image.UInt16(aux + 6);
                var version = image.String(strings, image.UInt32(aux + 8));
                result.Add((new VersionRequirement(library, version, (flags & WeakFlag) != 0, relocations.GetValueOrDefault(index)), aux + 4));
                aux += image.UInt32(aux + 12);
            }

            entry += image.UInt32(entry + 12);
        }

        return result;
    }

    /// <summary>How many relocations (in SHT_RELA sections over the dynamic symbols) bind a symbol of each version index.</summary>
    private static Dictionary<int, int> RelocationsPerVersion(ElfImage image)
    {
        var counts = new Dictionary<int, int>();
        var versions = image.Single(ElfImage.SectionVersionSymbols, ".gnu.version");
        var symbols = image.Single(ElfImage.SectionDynamicSymbols, ".dynsym");
        if (versions is not { } versym || symbols is null)
        {
            return counts;
        }

        var dynsymIndex = image.Sections.ToList().IndexOf(symbols.Value);
        foreach (var rela in image.Sections.Where(s => s.Type == ElfImage.SectionRela && s.Link == dynsymIndex))
        {
            for (var at = rela.Offset; at + RelaEntrySize <= rela.Offset + rela.Size; at += RelaEntrySize)
            {
                var symbol = image.Int64(at + 8) >>> 32;
                if (symbol == 0)
                {
                    continue;
                }

                var entry = versym.Offset + (symbol * 2);
                RequireInside(image, versym, entry, 2, "a symbol's version");
                var version = image.UInt16(entry) & 0x7fff; // the top bit marks a hidden version
                counts[version] = counts.GetValueOrDefault(version) + 1;
            }
        }

        return counts;
    }

    private static void RequireInside(ElfImage image, ElfSection section, long at, int size, string what)
    {
        if (at < section.Offset || at > section.Offset + section.Size - size)
        {
            throw new ElfFormatException(image.Source, $"{what} at byte {at} lies outside its section: the file is corrupt.");
        }
    }
}
