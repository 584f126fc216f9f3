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
    /// <exception cref="ArgumentException">A column is missing or not a float scalar.</exception>
    /// <exception cref="InvalidDataException">A label, prediction or SNR is not finite, or an SNR is negative; the message names the row.</exception>
    public static TwoTargetMetrics Evaluate(IDataView scored, TwoTargetColumns? columns = null)
    {
        columns ??= new TwoTargetColumns();
        var schema = scored.Schema;
        var mass = FloatColumn(schema, columns.Mass);
        var age = FloatColumn(schema, columns.Age);
        var pMass = FloatColumn(schema, columns.PredictedMass);
        var pAge = FloatColumn(schema, columns.PredictedAge);
        DataViewSchema.Column? snr = columns.Snr is { } s && schema.GetColumnOrNull(s) is { } sc ? FloatColumn(schema, s) : null;

        var needed = new List<DataViewSchema.Column> { mass, age, pMass, pAge };
        if (snr is { } snrCol) needed.Add(snrCol);
        using var cursor = scored.GetRowCursor(needed);
        var gMass = cursor.GetGetter<float>(mass);
        var gAge = cursor.GetGetter<float>(age);
        var gpMass = cursor.GetGetter<float>(pMass);
        var gpAge = cursor.GetGetter<float>(pAge);
        var gSnr = snr is { } snrColumn ? cursor.GetGetter<float>(snrColumn) : null;

        var accMass = new TargetAccumulator();
        var accAge = new TargetAccumulator();
        float m = 0, a = 0, pm = 0, pa = 0, sn = 0;
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
            accMass.Add(m, pm, snrValue);
            accAge.Add(a, pa, snrValue);
            row++;
        }
        if (row == 0) throw new ArgumentException("the scored data view has no rows to evaluate", nameof(scored));
        return new TwoTargetMetrics(accMass.ToMetrics(snr is not null), accAge.ToMetrics(snr is not null));
    }

    private const string SnrHint = "the MAE per SNR bin needs every row's SNR (a catalogue without snr: let PrepareLamostSpectrum " +
        "write the header's SNRG into this column; or evaluate without bins by setting the SNR column to null)";

    private static void Check(long row, string column, float value)
    {
        if (!float.IsFinite(value))
            throw new InvalidDataException($"row {row}: column '{column}' is {value}, not a finite number");
    }

    private static DataViewSchema.Column FloatColumn(DataViewSchema schema, string name)
    {
        var col = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"column '{name}' not found; expected a Single (float) scalar column");
        if (col.Type != NumberDataViewType.Single)
            throw new ArgumentException($"column '{name}' has type {col.Type}; expected a Single (float) scalar");
        return col;
    }
}
