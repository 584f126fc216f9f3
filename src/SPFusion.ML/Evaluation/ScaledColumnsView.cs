using Microsoft.ML;
using Microsoft.ML.Data;

namespace SPFusion.ML.Evaluation;

/// <summary>
/// A data view that multiplies some float columns by fixed factors as they are read (the calibrated sigmas) and passes
/// everything else through; no MLContext needed, and the schema is the source's own.
/// </summary>
internal sealed class ScaledColumnsView(IDataView source, IReadOnlyDictionary<int, double> scales) : IDataView
{
    public bool CanShuffle => source.CanShuffle;

    public DataViewSchema Schema => source.Schema;

    public long? GetRowCount() => source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(source.GetRowCursor(columnsNeeded, rand), scales);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        source.GetRowCursorSet(columnsNeeded, n, rand).Select(c => (DataViewRowCursor)new Cursor(c, scales)).ToArray();

    private sealed class Cursor(DataViewRowCursor inner, IReadOnlyDictionary<int, double> scales) : DataViewRowCursor
    {
        public override DataViewSchema Schema => inner.Schema;

        public override long Position => inner.Position;

        public override long Batch => inner.Batch;

        public override bool MoveNext() => inner.MoveNext();

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!scales.TryGetValue(column.Index, out double scale)) return inner.GetGetter<TValue>(column);
            var getter = inner.GetGetter<float>(column);
            ValueGetter<float> scaled = (ref float value) =>
            {
                getter(ref value);
                value = (float)(value * scale);
            };
            return (ValueGetter<TValue>)(Delegate)scaled;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
