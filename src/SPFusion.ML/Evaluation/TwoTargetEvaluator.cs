using Microsoft.ML;
using Microsoft.ML.Data;

namespace SPFusion.ML.Evaluation;

/// <summary>
/// Evaluates mass and age together. ML.NET's regression evaluator scores only the scalar <c>Score</c>
/// column, so the second target needs this evaluator.
/// </summary>
internal static class TwoTargetEvaluator
{
    /// <summary>Computes <see cref="TwoTargetMetrics"/> over a scored data view in one streaming pass.</summary>
    /// <remarks>
    /// A target whose sigma column (<see cref="TwoTargetColumns.MassSigma"/>, <see cref="TwoTargetColumns.AgeSigma"/>) is in the
    /// schema also gets <see cref="TargetMetrics.Uncertainty"/>, overall and per SNR bin. Every sigma must be finite and
    /// strictly positive: a zero sigma claims an exact prediction, makes the Gaussian negative log-likelihood infinite and
    /// says nothing a coverage could check, so it is refused like a NaN rather than clamped.
    /// </remarks>
    /// <exception cref="ArgumentException">A column is missing or not a float scalar.</exception>
    /// <exception cref="InvalidDataException">A label, prediction or SNR is not finite, an SNR is negative, or a sigma is not a finite number &gt; 0; the message names the row and column.</exception>
    public static TwoTargetMetrics Evaluate(IDataView scored, TwoTargetColumns? columns = null)
    {
        columns ??= new TwoTargetColumns();
        var schema = scored.Schema;
        var mass = FloatColumn(schema, columns.Mass);
        var age = FloatColumn(schema, columns.Age);
        var pMass = FloatColumn(schema, columns.PredictedMass);
        var pAge = FloatColumn(schema, columns.PredictedAge);
        var snr = OptionalFloatColumn(schema, columns.Snr);
        var sMass = OptionalFloatColumn(schema, columns.MassSigma);
        var sAge = OptionalFloatColumn(schema, columns.AgeSigma);

        var needed = new List<DataViewSchema.Column> { mass, age, pMass, pAge };
        foreach (var optional in new[] { snr, sMass, sAge }) if (optional is { } o) needed.Add(o);
        using var cursor = scored.GetRowCursor(needed);
        var gMass = cursor.GetGetter<float>(mass);
        var gAge = cursor.GetGetter<float>(age);
        var gpMass = cursor.GetGetter<float>(pMass);
        var gpAge = cursor.GetGetter<float>(pAge);
        var gSnr = snr is { } snrColumn ? cursor.GetGetter<float>(snrColumn) : null;
        var gsMass = sMass is { } smc ? cursor.GetGetter<float>(smc) : null;
        var gsAge = sAge is { } sac ? cursor.GetGetter<float>(sac) : null;

        var accMass = new TargetAccumulator(withSigma: gsMass is not null);
        var accAge = new TargetAccumulator(withSigma: gsAge is not null);
        float m = 0, a = 0, pm = 0, pa = 0, sn = 0, sm = 0, sa = 0;
        long row = 0;
        while (cursor.MoveNext())
        {
            gMass(ref m);
            gAge(ref a);
            gpMass(ref pm);
            gpAge(ref pa);
            double? snrValue = null;
            if (gSnr is not null)
            {
                gSnr(ref sn);
                snrValue = sn;
            }
            Check(row, columns.Mass, m);
            Check(row, columns.Age, a);
            Check(row, columns.PredictedMass, pm);
            Check(row, columns.PredictedAge, pa);
            if (snrValue is { } v && !float.IsFinite((float)v))
                throw new InvalidDataException($"row {row}: column '{columns.Snr}' is {v}, not a finite number; {SnrHint}");
            if (snrValue is { } w && w < 0)
            {
                // LAMOST writes -9999 for a missing value; binning it as 0-10 would hide it.
                throw new InvalidDataException($"row {row}: column '{columns.Snr}' is {w}; SNR must be >= 0 (LAMOST writes -9999 " +
                    $"for a missing value); {SnrHint}");
            }
            float? massSigma = null, ageSigma = null;
            if (gsMass is not null)
            {
                gsMass(ref sm);
                CheckSigma(row, columns.MassSigma!, sm);
                massSigma = sm;
            }
            if (gsAge is not null)
            {
                gsAge(ref sa);
                CheckSigma(row, columns.AgeSigma!, sa);
                ageSigma = sa;
            }
            accMass.Add(m, pm, snrValue, massSigma);
            accAge.Add(a, pa, snrValue, ageSigma);
            row++;
        }
        if (row == 0) throw new ArgumentException("the scored data view has no rows to evaluate", nameof(scored));
        return new TwoTargetMetrics(accMass.ToMetrics(snr is not null), accAge.ToMetrics(snr is not null));
    }

    private const string SnrHint = "the MAE per SNR bin needs every row's SNR (a catalogue without snr: let PrepareLamostSpectrum " +
        "write the header's SNRG into this column; or evaluate without bins by setting the SNR column to null)";

    internal static void Check(long row, string column, float value)
    {
        if (!float.IsFinite(value))
            throw new InvalidDataException($"row {row}: column '{column}' is {value}, not a finite number");
    }

    /// <summary>Refuses a sigma that is NaN, infinite, negative or zero, naming the row and column.</summary>
    internal static void CheckSigma(long row, string column, float value)
    {
        if (!(float.IsFinite(value) && value > 0))
        {
            throw new InvalidDataException($"row {row}: column '{column}' is {value}; a sigma must be a finite number > 0 " +
                "(a zero sigma would make the Gaussian negative log-likelihood infinite)");
        }
    }

    /// <summary>The float column <paramref name="name"/>, or null when the name is null or not in the schema.</summary>
    internal static DataViewSchema.Column? OptionalFloatColumn(DataViewSchema schema, string? name) =>
        name is not null && schema.GetColumnOrNull(name) is not null ? FloatColumn(schema, name) : null;

    internal static DataViewSchema.Column FloatColumn(DataViewSchema schema, string name)
    {
        var col = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"column '{name}' not found; expected a Single (float) scalar column");
        if (col.Type != NumberDataViewType.Single)
            throw new ArgumentException($"column '{name}' has type {col.Type}; expected a Single (float) scalar");
        return col;
    }
}
