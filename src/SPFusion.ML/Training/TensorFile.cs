using System.Runtime.InteropServices;
using System.Text;
using static TorchSharp.torch;

namespace SPFusion.ML.Training;

/// <summary>A named set of float32 tensors in a small self-describing file (for the best weights of a run).</summary>
internal static class TensorFile
{
    private const uint Magic = 0x54465053; // "SPFT"

    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            using var cpu = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous();
            writer.Write(name);
            writer.Write(cpu.dim());
            foreach (long d in cpu.shape) writer.Write(d);
            writer.Write(MemoryMarshal.AsBytes(cpu.data<float>().ToArray().AsSpan()));
        }
    }

    public static Dictionary<string, Tensor> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (reader.ReadUInt32() != Magic) throw new InvalidDataException($"{path}: not an SPFusion tensor file");
            int count = reader.ReadInt32();
            var result = new Dictionary<string, Tensor>(count);
            for (int i = 0; i < count; i++)
            {
                string name = reader.ReadString();
                int rank = reader.ReadInt32();
                if (rank is < 0 or > 8) throw new InvalidDataException($"{path}: tensor '{name}' has rank {rank}");
                var shape = new long[rank];
                long numel = 1;
                for (int d = 0; d < rank; d++)
                {
                    shape[d] = reader.ReadInt64();
                    numel *= shape[d];
                }
                if (numel < 0 || numel * sizeof(float) > stream.Length - stream.Position)
                    throw new InvalidDataException($"{path}: tensor '{name}' claims more data than the file holds");
                var data = new float[numel];
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
                result[name] = tensor(data, shape);
            }
            return result;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"{path}: truncated tensor file", ex);
        }
    }
}
