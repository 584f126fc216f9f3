using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML;
using SPFusion.Transforms;

namespace SPFusion.Benchmarks.Data;

/// <summary>
/// A streaming <see cref="IDataView"/> over a <see cref="SyntheticStarFile"/>: each cursor reads one record at a time,
/// so memory does not grow with the number of stars (unlike <c>LoadFromEnumerable</c> over a list).
/// </summary>
internal sealed class StarFileDataView : IDataView
{
    private readonly string _path;
    private readonly int _rows;

    public StarFileDataView(string path, int rows)
    {
        long available = new FileInfo(path).Length / SyntheticStarFile.RecordBytes;
        if (rows > available) throw new ArgumentOutOfRangeException(nameof(rows), rows, $"{path} holds only {available} stars");
        _path = path;
        _rows = rows;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(SPFusionColumns.Spectrum, new VectorDataViewType(NumberDataViewType.Single, SPFusionShapes.SpectrumLength));
        builder.AddColumn(SPFusionColumns.Photometry, new VectorDataViewType(NumberDataViewType.Single, SPFusionShapes.PhotometryLength));
        builder.AddColumn(SPFusionColumns.Mass, NumberDataViewType.Single);
        builder.AddColumn(SPFusionColumns.Age, NumberDataViewType.Single);
        Schema = builder.ToSchema();
    }

    /// <summary>Called when a cursor has read past the last row (lets a benchmark mark the end of the streaming pass).</summary>
    public Action? CursorExhausted { get; init; }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly StarFileDataView _view;
        private readonly HashSet<int> _active;
        private readonly FileStream _stream;
        private readonly float[] _record = new float[SyntheticStarFile.RecordFloats];
        private long _position = -1;

        public Cursor(StarFileDataView view, HashSet<int> active)
        {
            _view = view;
            _active = active;
            _stream = new FileStream(view._path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool MoveNext()
        {
            if (_position + 1 >= _view._rows)
            {
                if (_position < _view._rows)
                {
                    _position = _view._rows;
                    _view.CursorExhausted?.Invoke();
                }

                return false;
            }

            _stream.ReadExactly(MemoryMarshal.AsBytes(_record.AsSpan()));
            _position++;
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column)) throw new InvalidOperationException($"column '{column.Name}' is not active in this cursor");
            Delegate getter = column.Index switch
            {
                0 => Vector(0, SPFusionShapes.SpectrumLength),
                1 => Vector(SPFusionShapes.SpectrumLength, SPFusionShapes.PhotometryLength),
                2 => Scalar(SyntheticStarFile.RecordFloats - 2),
                3 => Scalar(SyntheticStarFile.RecordFloats - 1),
                _ => throw new ArgumentOutOfRangeException(nameof(column), column.Name, "no such column"),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}");
        }

        private ValueGetter<VBuffer<float>> Vector(int offset, int length) =>
            (ref VBuffer<float> value) =>
            {
                var editor = VBufferEditor.Create(ref value, length);
                _record.AsSpan(offset, length).CopyTo(editor.Values);
                value = editor.Commit();
            };

        private ValueGetter<float> Scalar(int offset) => (ref float value) => value = _record[offset];

        protected override void Dispose(bool disposing)
        {
            if (disposing) _stream.Dispose();
            base.Dispose(disposing);
        }
    }
}
