using System.Diagnostics;

namespace SPFusion.ML.Onnx.Export;

/// <summary>
/// Times two ONNX models on identical random inputs, alternating runs so that load from other processes hits both
/// alike. A benchmark for people, never a test: timings depend on the machine.
/// </summary>
internal static class OnnxSpeedComparison
{
    /// <summary>
    /// Times <paramref name="candidatePath"/> against <paramref name="referencePath"/>: each model gets the inputs it
    /// declares (float32, uniform in [0,1), the symbolic batch dimension set to <paramref name="batch"/>).
    /// </summary>
    public static OnnxSpeedComparisonResult Run(string referencePath, string candidatePath, int intraOpThreads = 2, int batch = 32, int runs = 20, int warmupRuns = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intraOpThreads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupRuns);
        using var reference = new OnnxModelRunner(referencePath, intraOpThreads);
        using var candidate = new OnnxModelRunner(candidatePath, intraOpThreads);
        var random = new Random(20251127);
        var referenceInputs = Inputs(reference, batch, random);
        var candidateInputs = Inputs(candidate, batch, random);
        for (int i = 0; i < warmupRuns; i++)
        {
            reference.Run(referenceInputs);
            candidate.Run(candidateInputs);
        }
        var referenceTimes = new double[runs];
        var candidateTimes = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            // Alternate which model goes first so neither always runs on a warmer cache.
            if (i % 2 == 0)
            {
                referenceTimes[i] = Time(reference, referenceInputs);
                candidateTimes[i] = Time(candidate, candidateInputs);
            }
            else
            {
                candidateTimes[i] = Time(candidate, candidateInputs);
                referenceTimes[i] = Time(reference, referenceInputs);
            }
        }
        return new OnnxSpeedComparisonResult(Median(referenceTimes), Median(candidateTimes), runs, batch, intraOpThreads);
    }

    private static Dictionary<string, (float[] Values, long[] Shape)> Inputs(OnnxModelRunner runner, int batch, Random random)
    {
        var inputs = new Dictionary<string, (float[], long[])>(StringComparer.Ordinal);
        foreach (var (name, dims) in runner.InputShapes)
        {
            long[] shape = dims.Select(d => d < 0 ? batch : d).ToArray();
            var values = new float[shape.Aggregate(1L, (a, d) => a * d)];
            for (int i = 0; i < values.Length; i++) values[i] = random.NextSingle();
            inputs[name] = (values, shape);
        }
        return inputs;
    }

    private static double Time(OnnxModelRunner runner, Dictionary<string, (float[] Values, long[] Shape)> inputs)
    {
        long start = Stopwatch.GetTimestamp();
        runner.Run(inputs);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
