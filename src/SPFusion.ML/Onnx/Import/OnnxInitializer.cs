using Google.Protobuf;
using Onnx;

namespace SPFusion.ML.Onnx.Import;

/// <summary>A float32 initialiser read out of an ONNX graph: its name, shape and values.</summary>
internal sealed record OnnxInitializer(string Name, long[] Shape, float[] Values)
{
    /// <summary>Reads <paramref name="proto"/>; anything but a dense float32 tensor is rejected, naming the initialiser.</summary>
    public static OnnxInitializer Read(TensorProto proto, string file)
    {
        if (proto.DataType != (int)TensorProto.Types.DataType.Float)
            throw new InvalidDataException($"{file}: initializer '{proto.Name}' has data type {proto.DataType}, expected float32");
        if (proto.DataLocation == TensorProto.Types.DataLocation.External)
            throw new InvalidDataException($"{file}: initializer '{proto.Name}' keeps its data in an external file, which is not supported");
        long[] shape = [.. proto.Dims];
        long count = shape.Aggregate(1L, (a, b) => a * b);
        float[] values;
        if (!proto.RawData.IsEmpty)
        {
            if (proto.RawData.Length != count * sizeof(float))
                throw new InvalidDataException($"{file}: initializer '{proto.Name}' holds {proto.RawData.Length} bytes, expected {count * sizeof(float)} for shape [{string.Join(",", shape)}]");
            values = new float[count];
            ReadLittleEndian(proto.RawData, values);
        }
        else
        {
            if (proto.FloatData.Count != count)
                throw new InvalidDataException($"{file}: initializer '{proto.Name}' holds {proto.FloatData.Count} values, expected {count} for shape [{string.Join(",", shape)}]");
            values = [.. proto.FloatData];
        }
        return new OnnxInitializer(proto.Name, shape, values);
    }

    /// <summary>The shape as text, for messages.</summary>
    public string ShapeText => "[" + string.Join(",", Shape) + "]";

    private static void ReadLittleEndian(ByteString raw, float[] values)
    {
        var bytes = raw.Span;
        for (int i = 0; i < values.Length; i++)
            values[i] = BitConverter.Int32BitsToSingle(System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(i * 4, 4)));
    }
}
