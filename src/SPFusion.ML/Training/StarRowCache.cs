using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.Win32.SafeHandles;
using SPFusion.Transforms;

namespace SPFusion.ML.Training;

/// <summary>
/// Row-addressable on-disk copy of the training rows (fixed-size float32 records), written in one pass over the
/// data view. Epochs then read batches in any order with constant memory, whatever the number of stars.
/// </summary>
internal sealed class StarRowCache : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly string _path;
    private readonly int _spectrumLength, _photometryLength;
    private readonly long _recordBytes;
    private readonly int[]? _rows; // null: all records in file order
    private readonly bool _ownsFile;

    private StarRowCache(string path, SafeFileHandle file, int count, bool hasSpectrum, bool hasPhotometry, int[]? rows = null, bool ownsFile = true)
    {
        _path = path;
        _file = file;
        _rows = rows;
        _ownsFile = ownsFile;
        Count = rows?.Length ?? count;
        HasPhotometry = hasPhotometry;
        HasSpectrum = hasSpectrum;
        _spectrumLength = hasSpectrum ? SPFusionShapes.SpectrumLength : 0;
        _photometryLength = hasPhotometry ? SPFusionShapes.PhotometryLength : 0;
        _recordBytes = sizeof(float) * (long)(_spectrumLength + _photometryLength + 2);
    }

    /// <summary>Rows in the cache.</summary>
    public int Count { get; }

    /// <summary>Whether records carry photometry.</summary>
    public bool HasPhotometry { get; }

    /// <summary>Whether records carry the spectrum (not for an image-only network).</summary>
    public bool HasSpectrum { get; }

    /// <summary>Reads the data view once, checking every value, and writes the cache; only the inputs asked for are read.</summary>
    public static StarRowCache Build(
        IDataView data, TrainingColumns columns, bool withPhotometry, InvalidRowHandling handling,
        string directory, List<SkippedRow> skipped, CancellationToken cancellation, bool isValidationData = false, bool withSpectrum = true)
    {
        if (!withSpectrum && !withPhotometry) throw new ArgumentException("a row cache needs the spectrum, the photometry or both", nameof(withSpectrum));
        var schema = data.Schema;
        string? dataSet = isValidationData ? nameof(SPFusionTrainer.Options.ValidationData) : null;
        var spectrumCol = withSpectrum ? TrainingSchema.Vector(schema, columns.Spectrum, SPFusionShapes.SpectrumLength, dataSet) : (DataViewSchema.Column?)null;
        var photometryCol = withPhotometry ? TrainingSchema.Vector(schema, columns.Photometry, SPFusionShapes.PhotometryLength, dataSet) : (DataViewSchema.Column?)null;
        var massCol = TrainingSchema.Scalar(schema, columns.Mass, dataSet);
        var ageCol = TrainingSchema.Scalar(schema, columns.Age, dataSet);
        var idCol = columns.RowId is { } idName ? schema.GetColumnOrNull(idName) : null;

        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"spfusion-rows-{Guid.NewGuid():N}.bin");
        var file = OpenUnlinked(path);
        int spectrumLength = withSpectrum ? SPFusionShapes.SpectrumLength : 0;
        int photometryLength = withPhotometry ? SPFusionShapes.PhotometryLength : 0;
        long recordBytes = sizeof(float) * (long)(spectrumLength + photometryLength + 2);
        try
        {
            var active = new List<DataViewSchema.Column> { massCol, ageCol };
            if (spectrumCol is { } sc) active.Add(sc);
            if (photometryCol is { } pc) active.Add(pc);
            if (idCol is { } ic) active.Add(ic);
            using var cursor = data.GetRowCursor(active);
            var getSpectrum = spectrumCol is { } s ? cursor.GetGetter<VBuffer<float>>(s) : null;
            var getPhotometry = photometryCol is { } p ? cursor.GetGetter<VBuffer<float>>(p) : null;
            var getMass = cursor.GetGetter<float>(massCol);
            var getAge = cursor.GetGetter<float>(ageCol);
            var getId = idCol is { } id ? RowIdReader.Create(cursor, id) : null;

            var record = new float[spectrumLength + photometryLength + 2];
            VBuffer<float> spectrum = default, photometry = default;
            float mass = 0, age = 0;
            long row = -1;
            int written = 0;
            while (cursor.MoveNext())
            {
                row++;
                if ((row & 255) == 0) cancellation.ThrowIfCancellationRequested();
                getMass(ref mass);
                getAge(ref age);
                if (getSpectrum is not null)
                {
                    getSpectrum(ref spectrum);
                    spectrum.CopyTo(record.AsSpan(0, spectrumLength));
                }
                if (getPhotometry is not null)
                {
                    getPhotometry(ref photometry);
                    photometry.CopyTo(record.AsSpan(spectrumLength, photometryLength));
                }
                record[^2] = mass;
                record[^1] = age;

                string? problem = FirstNonFinite(record, spectrumLength, photometryLength, columns);
                if (problem is not null)
                {
                    string? rowId = getId?.Invoke();
                    if (handling == InvalidRowHandling.Fail)
                    {
                        throw new InvalidDataException(
                            $"{(dataSet is null ? "" : dataSet + " ")}row {row}{(rowId is null ? "" : $" ({columns.RowId} {rowId})")}: {problem}; fix the row or skip such rows (Options.InvalidRows = InvalidRowHandling.Skip; spfusion train --skip-invalid)");
                    }
                    skipped.Add(new SkippedRow(row, rowId, problem) { InValidationData = isValidationData });
                    continue;
                }
                RandomAccess.Write(file, MemoryMarshal.AsBytes(record.AsSpan()), written * recordBytes);
                written++;
            }
            return new StarRowCache(path, file, written, withSpectrum, withPhotometry);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates the cache file so that nothing is left behind even if the process is killed: on Unix the name is removed
    /// right away (the open handle keeps the data until it is closed); Windows cannot delete an open file, so there the
    /// file is deleted on close.
    /// </summary>
    private static SafeFileHandle OpenUnlinked(string path)
    {
        if (OperatingSystem.IsWindows())
            return File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose | FileOptions.RandomAccess);
        var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.RandomAccess);
        try
        {
            File.Delete(path);
        }
        catch
        {
            file.Dispose();
            throw;
        }
        return file;
    }

    /// <summary>A view of some of the rows (indices into this cache), sharing its file; the parent must outlive it.</summary>
    public StarRowCache Subset(int[] rows)
    {
        var mapped = rows.Select(r => (uint)r < (uint)Count ? (_rows is null ? r : _rows[r]) : throw new ArgumentOutOfRangeException(nameof(rows), r, "row outside the cache")).ToArray();
        return new StarRowCache(_path, _file, mapped.Length, HasSpectrum, HasPhotometry, mapped, ownsFile: false);
    }

    /// <summary>Mean mass and age over the rows of this cache (or view).</summary>
    public (double Mass, double Age) LabelMeans()
    {
        var m = LabelMoments();
        return (m.MeanMass, m.MeanAge);
    }

    /// <summary>Mean and population standard deviation of mass and age over the rows of this cache (or view), in one pass.</summary>
    public LabelMoments LabelMoments()
    {
        Span<float> labels = stackalloc float[2];
        double mass = 0, age = 0, mass2 = 0, age2 = 0;
        long labelOffset = (_spectrumLength + _photometryLength) * (long)sizeof(float);
        for (int i = 0; i < Count; i++)
        {
            ReadExactly(labels, (_rows is null ? i : _rows[i]) * _recordBytes + labelOffset);
            mass += labels[0];
            age += labels[1];
            mass2 += (double)labels[0] * labels[0];
            age2 += (double)labels[1] * labels[1];
        }
        if (Count == 0) return new LabelMoments(double.NaN, double.NaN, double.NaN, double.NaN);
        double meanMass = mass / Count, meanAge = age / Count;
        return new LabelMoments(meanMass, meanAge,
            Math.Sqrt(Math.Max(mass2 / Count - meanMass * meanMass, 0)), Math.Sqrt(Math.Max(age2 / Count - meanAge * meanAge, 0)));
    }

    /// <summary>
    /// Mean and population standard deviation of each spectrum value over the rows of this cache (or view), in one
    /// pass (double sums; the spectra are min-max normalised, so the sums of squares lose nothing that matters).
    /// </summary>
    public (float[] Mean, float[] Std) SpectrumMoments()
    {
        if (Count == 0) throw new InvalidOperationException("spectrum statistics need at least one row");
        if (!HasSpectrum) throw new InvalidOperationException("spectrum statistics need a cache with spectra");
        var row = new float[_spectrumLength];
        var sum = new double[_spectrumLength];
        var sum2 = new double[_spectrumLength];
        for (int i = 0; i < Count; i++)
        {
            ReadExactly(row, (_rows is null ? i : _rows[i]) * _recordBytes);
            for (int j = 0; j < row.Length; j++)
            {
                sum[j] += row[j];
                sum2[j] += (double)row[j] * row[j];
            }
        }
        var mean = new float[_spectrumLength];
        var std = new float[_spectrumLength];
        for (int j = 0; j < mean.Length; j++)
        {
            double m = sum[j] / Count;
            mean[j] = (float)m;
            std[j] = (float)Math.Sqrt(Math.Max(sum2[j] / Count - m * m, 0));
        }
        return (mean, std);
    }

    /// <summary>
    /// FNV-1a hash of every row's mass and age bits in cache order: a cheap check that a resumed run trains on the same
    /// labels in the same order (one small read per row, like <see cref="LabelMeans"/>).
    /// </summary>
    public ulong LabelHash()
    {
        Span<float> labels = stackalloc float[2];
        ulong hash = 14695981039346656037UL;
        long labelOffset = (_spectrumLength + _photometryLength) * (long)sizeof(float);
        for (int i = 0; i < Count; i++)
        {
            ReadExactly(labels, (_rows is null ? i : _rows[i]) * _recordBytes + labelOffset);
            foreach (byte b in MemoryMarshal.AsBytes(labels))
            {
                hash ^= b;
                hash *= 1099511628211UL;
            }
        }
        return hash;
    }

    /// <summary>Reads rows <paramref name="indices"/> into batch buffers (row-major).</summary>
    public void ReadBatch(ReadOnlySpan<int> indices, float[]? spectrum, float[]? photometry, float[] mass, float[] age)
    {
        Span<float> labels = stackalloc float[2];
        for (int b = 0; b < indices.Length; b++)
        {
            int index = indices[b];
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(indices), index, "row outside the cache");
            long offset = (_rows is null ? index : _rows[index]) * _recordBytes;
            if (_spectrumLength > 0)
            {
                if (spectrum is null) throw new ArgumentNullException(nameof(spectrum));
                ReadExactly(spectrum.AsSpan(b * _spectrumLength, _spectrumLength), offset);
                offset += _spectrumLength * sizeof(float);
            }
            if (_photometryLength > 0)
            {
                if (photometry is null) throw new ArgumentNullException(nameof(photometry));
                ReadExactly(photometry.AsSpan(b * _photometryLength, _photometryLength), offset);
                offset += _photometryLength * sizeof(float);
            }
            ReadExactly(labels, offset);
            mass[b] = labels[0];
            age[b] = labels[1];
        }
    }

    private void ReadExactly(Span<float> destination, long offset)
    {
        var bytes = MemoryMarshal.AsBytes(destination);
        while (bytes.Length > 0)
        {
            int n = RandomAccess.Read(_file, bytes, offset);
            if (n <= 0) throw new IOException($"row cache {_path} ended early at byte {offset}");
            bytes = bytes[n..];
            offset += n;
        }
    }

    private static string? FirstNonFinite(float[] record, int spectrumLength, int photometryLength, TrainingColumns columns)
    {
        int i = IndexOfNonFinite(record.AsSpan(0, spectrumLength));
        if (i >= 0) return $"column '{columns.Spectrum}' value {i} is {record[i]}";
        if (photometryLength > 0)
        {
            i = IndexOfNonFinite(record.AsSpan(spectrumLength, photometryLength));
            if (i >= 0) return $"column '{columns.Photometry}' value {i} is {record[spectrumLength + i]}";
        }
        if (!float.IsFinite(record[^2])) return $"label '{columns.Mass}' is {record[^2]}";
        if (!float.IsFinite(record[^1])) return $"label '{columns.Age}' is {record[^1]}";
        return null;
    }

    private static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) return i;
        }
        return -1;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsFile) _file.Dispose();
    }
}
