namespace SPFusion.ML.Onnx.Uncertainty;

/// <summary>
/// The mean and sample standard deviation of K same-shaped values (ensemble members, Monte Carlo passes) as ONNX nodes,
/// written once for both graphs, which build their nodes through different builders (hence the two delegates).
/// </summary>
internal static class SampleSpreadNodes
{
    /// <summary>Adds the nodes over <paramref name="values"/> (at least two); returns the mean, the variance and the spread.</summary>
    /// <param name="node">Adds a node (operator, inputs, name) and returns its output's name.</param>
    /// <param name="constant">Adds (or reuses) a float scalar initialiser and returns its name.</param>
    /// <param name="values">The K values' names.</param>
    public static (string Mean, string Variance, string Spread) Add(Func<string, IReadOnlyList<string>, string, string> node, Func<float, string> constant,
        IReadOnlyList<string> values)
    {
        if (values.Count < 2) throw new ArgumentException($"a spread needs at least two values, got {values.Count}", nameof(values));
        // Two passes (mean, then the squared deviations from it) rather than E[x^2] - E[x]^2, which cancels badly in float.
        // The sum of squares is divided by K - 1, not K: the K values are a sample (of the networks a recipe trains, of a
        // network's dropout masks), and the spread of that population is what the sigma stands for; dividing by K would
        // underestimate it by sqrt((K-1)/K), 18% for the 3 members of the paper's 3-fold cross-validation.
        string mean = node("Mean", values, "mean");
        var squares = values.Select((v, k) =>
        {
            string deviation = node("Sub", [v, mean], $"deviation{k}");
            return node("Mul", [deviation, deviation], $"square{k}");
        }).ToList();
        string sumOfSquares = node("Sum", squares, "sum_of_squares");
        string variance = node("Mul", [sumOfSquares, constant(1f / (values.Count - 1))], "variance");
        return (mean, variance, node("Sqrt", [variance], "spread"));
    }
}
