// Inline MSBuild task (RoslynCodeTaskFactory): sets VER_FLG_WEAK on one version-needed entry
// of every libLibTorchSharp.so under a folder. The test project compiles this same file to test Patch.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class SPFusionWeakenGlibcxxNeed : Microsoft.Build.Utilities.Task
{
    [Required] public string Directory { get; set; } = "";
    [Required] public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        if (!System.IO.Directory.Exists(Directory)) return true;
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories))
        {
            try
            {
                int changed = Patch(path, VersionName);
                if (changed > 0)
                    Log.LogMessage(MessageImportance.High, $"SPFusion: marked {VersionName} weak in {path}");
            }
            catch (Exception ex)
            {
                Log.LogError($"SPFusion: cannot patch {path}: {ex.Message}");
                return false;
            }
        }
        return true;
    }

    /// <summary>Marks <paramref name="versionName"/> weak in the ELF file; returns the number of entries changed (0 when absent or already weak).</summary>
    public static int Patch(string path, string versionName)
    {
        byte[] elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7F || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1) return 0; // only 64-bit little-endian builds carry the entry
        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        const uint ShtGnuVerneed = 0x6ffffffe;
        int patched = 0;
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (sh + 64 > elf.Length) throw new InvalidDataException("section header outside file");
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            long secOff = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
            uint link = BitConverter.ToUInt32(elf, (int)sh + 0x28);
            long strSh = shoff + (long)link * shentsize;
            long strOff = (long)BitConverter.ToUInt64(elf, (int)strSh + 0x18);
            long vn = secOff;
            while (true)
            {
                int cnt = BitConverter.ToUInt16(elf, (int)vn + 2);
                long aux = vn + BitConverter.ToUInt32(elf, (int)vn + 8);
                for (int a = 0; a < cnt; a++)
                {
                    uint nameOff = BitConverter.ToUInt32(elf, (int)aux + 8);
                    if (ReadCString(elf, strOff + nameOff) == versionName)
                    {
                        ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                        if ((flags & 0x2) == 0)
                        {
                            flags |= 0x2;
                            elf[aux + 4] = (byte)flags;
                            elf[aux + 5] = (byte)(flags >> 8);
                            patched++;
                        }
                    }
                    uint nextAux = BitConverter.ToUInt32(elf, (int)aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                uint next = BitConverter.ToUInt32(elf, (int)vn + 12);
                if (next == 0) break;
                vn += next;
            }
        }
        if (patched > 0)
        {
            // Write to a temporary file and move, so a hard-linked or shared copy is never edited in place.
            string tmp = path + ".spfusion-tmp";
            File.WriteAllBytes(tmp, elf);
            File.Delete(path);
            File.Move(tmp, path);
        }
        return patched;
    }

    private static string ReadCString(byte[] data, long offset)
    {
        long end = offset;
        while (end < data.Length && data[end] != 0) end++;
        return Encoding.ASCII.GetString(data, (int)offset, (int)(end - offset));
    }
}
