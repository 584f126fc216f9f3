using System.Diagnostics;
using SPFusion.ML.Training;

namespace SPFusion.Examples.QuickStart;

/// <summary>
/// One progress line per epoch for the whole quick start: which training run of how many, the epoch, validation MAE,
/// elapsed time and an ETA for everything left. The ETA uses the mean epoch time measured so far for each network
/// (a network not started yet is assumed to take as long as the slowest one measured).
/// </summary>
internal sealed class RunProgress
{
    private readonly List<(string Network, int Epochs)> _plan;
    private readonly Dictionary<string, (double Seconds, int Epochs)> _measured = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _run = -1;
    private TimeSpan _lastReport;

    /// <param name="plan">Every training run in order: its network's name and epoch budget.</param>
    public RunProgress(IEnumerable<(string Network, int Epochs)> plan) => _plan = [.. plan];

    /// <summary>
    /// The progress sink for a trainer that runs <paramref name="runs"/> of the planned runs in turn (e.g. one per fold);
    /// an epoch-1 report starts the next run. <paramref name="label"/> names them, with the run's number when there are several.
    /// </summary>
    public IProgress<EpochReport> For(string label, int runs = 1) => new Sink(this, label, runs);

    private void Report(string label, EpochReport r)
    {
        var now = _clock.Elapsed;
        // Time between reports counts everything in between (a fold's data pass, export and evaluation), so the ETA does too.
        if (r.Epoch == 1) _run++;
        string network = _plan[_run].Network;
        var (seconds, epochs) = _measured.GetValueOrDefault(network);
        _measured[network] = (seconds + (now - _lastReport).TotalSeconds, epochs + 1);
        _lastReport = now;
        Console.WriteLine($"  [{_run + 1}/{_plan.Count}] {label} epoch {r.Epoch}/{r.MaxEpochs}: val MAE {r.ValidationMaeMass:0.000} Msun, " +
            $"{r.ValidationMaeAge:0.000} Gyr{(r.IsBest ? " *" : "")}; {Format(now)} elapsed, ETA {Format(Remaining(r))}");
    }

    private TimeSpan Remaining(EpochReport current)
    {
        double slowest = _measured.Values.Max(m => m.Seconds / m.Epochs);
        double PerEpoch(string network) => _measured.TryGetValue(network, out var m) ? m.Seconds / m.Epochs : slowest;
        double left = (current.MaxEpochs - current.Epoch) * PerEpoch(_plan[_run].Network);
        for (int i = _run + 1; i < _plan.Count; i++) left += _plan[i].Epochs * PerEpoch(_plan[i].Network);
        return TimeSpan.FromSeconds(left);
    }

    private static string Format(TimeSpan t) => $"{(int)t.TotalMinutes:00}:{t.Seconds:00}";

    private sealed class Sink(RunProgress owner, string label, int runs) : IProgress<EpochReport>
    {
        private int _started;

        public void Report(EpochReport value)
        {
            if (value.Epoch == 1) _started++;
            owner.Report(runs == 1 ? label : $"{label} {_started}/{runs}", value);
        }
    }
}
