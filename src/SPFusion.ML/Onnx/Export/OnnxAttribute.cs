using Google.Protobuf;
using Onnx;

namespace SPFusion.ML.Onnx.Export;

/// <summary>Factory for node attributes, so emitters state ONNX attributes in one line each.</summary>
internal static class OnnxAttribute
{
    /// <summary>An integer attribute (e.g. <c>group</c>, <c>keepdims</c>).</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>An integer-list attribute (e.g. <c>pads</c>, <c>strides</c>, <c>perm</c>).</summary>
    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    /// <summary>A float attribute (e.g. <c>epsilon</c>).</summary>
    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A string attribute (e.g. <c>auto_pad</c>).</summary>
    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };
}
