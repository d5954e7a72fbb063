using System.Buffers.Binary;
using System.Text;

namespace BenchSuite.Runtime;

/// <summary>One symbol-version requirement of an ELF shared object (an entry of <c>.gnu.version_r</c>).</summary>
internal sealed record ElfVersionNeed(string Library, string Version, bool IsWeak, int FlagsOffset);

/// <summary>
/// Reads (and, for one narrow purpose, edits) the symbol-version requirements of a 64-bit little-endian ELF file:
/// the <c>Elf64_Verneed</c> / <c>Elf64_Vernaux</c> chains in the <c>SHT_GNU_verneed</c> section.
/// A requirement flagged <c>VER_FLG_WEAK</c> that the loaded library does not define is not a load error for glibc's
/// dynamic loader (<c>_dl_check_map_versions</c>), which is how we let TorchSharp's native shim load on a libstdc++
/// that lacks a version it names but never uses. See <see cref="TorchNative"/>.
/// </summary>
internal static class ElfVersionNeeds
{
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    public static IReadOnlyList<ElfVersionNeed> Read(string path) => Parse(File.ReadAllBytes(path), path);

    public static IReadOnlyList<ElfVersionNeed> Parse(byte[] elf, string pathForErrors)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException($"{pathForErrors}: not an ELF file.");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException($"{pathForErrors}: only 64-bit little-endian ELF is supported (class {elf[4]}, data {elf[5]}).");

        var span = elf.AsSpan();
        ulong sectionTable = BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]);
        int sectionSize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        int sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);

        var needs = new List<ElfVersionNeed>();
        for (int s = 0; s < sectionCount; s++)
        {
            var header = span.Slice(checked((int)sectionTable + s * sectionSize), sectionSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != ShtGnuVerneed) continue;

            int offset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header[24..]));
            int stringSection = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[40..]);
            int entryCount = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[44..]);
            var stringsHeader = span.Slice(checked((int)sectionTable + stringSection * sectionSize), sectionSize);
            int strings = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(stringsHeader[24..]));

            int verneed = offset;
            for (int n = 0; n < entryCount; n++)
            {
                int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(span[(verneed + 2)..]);
                string library = ReadString(span, strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(verneed + 4)..]));
                int aux = verneed + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(verneed + 8)..]);
                for (int a = 0; a < auxCount; a++)
                {
                    ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(span[(aux + 4)..]);
                    string version = ReadString(span, strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 8)..]));
                    needs.Add(new ElfVersionNeed(library, version, (flags & VerFlgWeak) != 0, aux + 4));
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 12)..]);
                }
                verneed += (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(verneed + 12)..]);
            }
        }
        return needs;
    }

    /// <summary>
    /// Marks the requirement <paramref name="version"/> of <paramref name="library"/> weak in the file at
    /// <paramref name="path"/>. The file is rewritten atomically (temp file, then rename). Returns false when the
    /// file has no such requirement or it is already weak; nothing is written then.
    /// </summary>
    public static bool MarkWeak(string path, string library, string version)
    {
        byte[] elf = File.ReadAllBytes(path);
        var need = Parse(elf, path).FirstOrDefault(n => n.Library == library && n.Version == version);
        if (need is null || need.IsWeak) return false;

        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(need.FlagsOffset));
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(need.FlagsOffset), (ushort)(flags | VerFlgWeak));

        string temp = path + ".tmp-" + Environment.ProcessId;
        File.WriteAllBytes(temp, elf);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
        File.Move(temp, path, overwrite: true);
        return true;
    }

    static string ReadString(ReadOnlySpan<byte> elf, int offset)
    {
        int end = elf[offset..].IndexOf((byte)0);
        return Encoding.ASCII.GetString(elf.Slice(offset, end));
    }
}
