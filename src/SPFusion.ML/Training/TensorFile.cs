using System.Text;
using static TorchSharp.torch;

namespace SPFusion.ML.Training;

/// <summary>A named set of tensors (any dtype and rank, e.g. batch-norm counters) in a small self-describing file.</summary>
internal static class TensorFile
{
    private const uint Magic = 0x32465053; // "SPF2"

    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            using var cpu = tensor.detach().cpu().contiguous();
            writer.Write(name);
            writer.Write((int)cpu.dtype);
            writer.Write((int)cpu.dim());
            foreach (long d in cpu.shape) writer.Write(d);
            var bytes = cpu.bytes;
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }
    }

    public static Dictionary<string, Tensor> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var result = new Dictionary<string, Tensor>();
        try
        {
            if (reader.ReadUInt32() != Magic) throw new InvalidDataException($"{path}: not an SPFusion tensor file");
            int count = reader.ReadInt32();
            for (int i = 0; i < count; i++)
            {
                string name = reader.ReadString();
                var dtype = (ScalarType)reader.ReadInt32();
                int rank = reader.ReadInt32();
                if (rank is < 0 or > 8) throw new InvalidDataException($"{path}: tensor '{name}' has rank {rank}");
                var shape = new long[rank];
                for (int d = 0; d < rank; d++) shape[d] = reader.ReadInt64();
                int length = reader.ReadInt32();
                if (length < 0 || length > stream.Length - stream.Position)
                    throw new InvalidDataException($"{path}: tensor '{name}' claims more data than the file holds");
                var t = empty(shape, dtype);
                if (t.bytes.Length != length)
                {
                    t.Dispose();
                    throw new InvalidDataException($"{path}: tensor '{name}' holds {length} bytes, its shape and dtype need {t.bytes.Length}");
                }
                t.bytes = reader.ReadBytes(length);
                result[name] = t;
            }
            return result;
        }
        catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException)
        {
            foreach (var t in result.Values) t.Dispose();
            throw ex as InvalidDataException ?? new InvalidDataException($"{path}: truncated tensor file", ex);
        }
    }
}
