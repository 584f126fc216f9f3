using Microsoft.ML;
using SPFusion.ML.Onnx.Ensemble;

namespace SPFusion.ML.Persistence;

/// <summary>
/// Deep ensembles: K SPFusion models taking the same inputs (e.g. the K models cross-validation trains, one per fold, or K
/// seeds) combined into one ONNX graph that runs every member in one call and outputs the members' mean as
/// <c>prediction</c> and their sample standard deviation as <c>prediction_sigma</c> (and <c>ensemble_sigma</c>). Loaded like
/// any model, it gives <c>PredictedMass</c> and <c>PredictedAge</c> (the means) plus <c>MassSigma</c> and <c>AgeSigma</c>.
/// </summary>
public static class SPFusionEnsemble
{
    /// <summary>Combines ONNX graphs (this package's exports, all with the same inputs and opset) into one ensemble graph.</summary>
    /// <param name="members">At least two members' ONNX bytes.</param>
    /// <returns>The ensemble's ONNX bytes (members' attention outputs are not kept).</returns>
    /// <exception cref="ArgumentException">Fewer than two members.</exception>
    /// <exception cref="InvalidDataException">A member is not an SPFusion graph, already has an uncertainty, or differs from
    /// member 0 in its inputs or opset; the message names the member's index.</exception>
    public static byte[] Combine(IReadOnlyList<byte[]> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        return EnsembleGraph.Combine(members.Select((m, k) => (m, $"member {k}")).ToList());
    }

    /// <summary>
    /// Combines model zips (<c>spfusion train</c>, <c>mlContext.Model.Save</c>) or ONNX files into one ensemble and saves it
    /// as a model zip (written atomically), loadable with <see cref="SPFusionModelFile.Load(MLContext, string)"/>, runnable with
    /// <see cref="SPFusionBatchPredictor.FromModelZip"/> and by <c>spfusion predict</c>.
    /// </summary>
    /// <param name="mlContext">The context the zip is composed and saved with.</param>
    /// <param name="members">At least two model zips or <c>.onnx</c> files.</param>
    /// <param name="ensembleZipPath">The zip to write; not one of <paramref name="members"/>.</param>
    /// <param name="options">Input column names and Score target of the saved model; null: the defaults.</param>
    /// <exception cref="ArgumentException">Fewer than two members, or the output is one of them.</exception>
    /// <exception cref="FileNotFoundException">A member file is missing.</exception>
    /// <exception cref="InvalidDataException">A member is not an SPFusion model, or members disagree; the message names the file.</exception>
    public static void Save(MLContext mlContext, IReadOnlyList<string> members, string ensembleZipPath, SPFusionModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentException.ThrowIfNullOrEmpty(ensembleZipPath);
        string output = Path.GetFullPath(ensembleZipPath);
        foreach (string member in members)
        {
            ArgumentException.ThrowIfNullOrEmpty(member, nameof(members));
            if (Path.GetFullPath(member) == output)
                throw new ArgumentException($"the ensemble zip {ensembleZipPath} is one of its members; write it elsewhere", nameof(ensembleZipPath));
        }
        var graphs = members.Select(path => (ReadMember(path), path)).ToList();
        Save(mlContext, graphs, ensembleZipPath, options, input: null);
    }

    /// <summary>
    /// Combines in-memory members (e.g. the fold models of <c>spfusion cv</c>) and saves the zip atomically; see
    /// <see cref="OnnxModelZip.Save"/> for <paramref name="input"/>.
    /// </summary>
    internal static void Save(MLContext mlContext, IReadOnlyList<(byte[] Onnx, string Source)> members, string ensembleZipPath,
        SPFusionModelOptions? options, IDataView? input) =>
        OnnxModelZip.Save(mlContext, EnsembleGraph.Combine(members), ensembleZipPath, options, input);

    private static byte[] ReadMember(string path) => OnnxModelZip.ReadGraph(path, "ensemble member");
}
