using System.Security.Cryptography;
using Microsoft.ML;
using SPFusion.Transforms;

namespace SPFusion.ML.Evaluation;

/// <summary>
/// The default identity of a fold for resumption: a hash of its rows' mass and age labels (train, validation, test, in
/// order), so another split or other labels train again.
/// </summary>
internal static class ComparisonFoldIdentity
{
    /// <summary>The fold's given identity, or the hash of its labels.</summary>
    public static string Of(ComparisonFold fold)
    {
        if (fold.DataIdentity is { } given) return given;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, "train", fold.Train);
        if (fold.Validation is { } validation) Append(hash, "validation", validation);
        Append(hash, "test", fold.Test);
        return "labels " + Convert.ToHexString(hash.GetHashAndReset())[..24];
    }

    private static void Append(IncrementalHash hash, string part, IDataView view)
    {
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(part));
        var mass = view.Schema.GetColumnOrNull(SPFusionColumns.Mass)
            ?? throw new ArgumentException($"the fold's {part} rows have no {SPFusionColumns.Mass} column; give the fold a DataIdentity", nameof(view));
        var age = view.Schema.GetColumnOrNull(SPFusionColumns.Age)
            ?? throw new ArgumentException($"the fold's {part} rows have no {SPFusionColumns.Age} column; give the fold a DataIdentity", nameof(view));
        using var cursor = view.GetRowCursor([mass, age]);
        var getMass = cursor.GetGetter<float>(mass);
        var getAge = cursor.GetGetter<float>(age);
        Span<byte> bytes = stackalloc byte[8];
        float m = 0, a = 0;
        while (cursor.MoveNext())
        {
            getMass(ref m);
            getAge(ref a);
            BitConverter.TryWriteBytes(bytes[..4], m);
            BitConverter.TryWriteBytes(bytes[4..], a);
            hash.AppendData(bytes);
        }
    }
}
