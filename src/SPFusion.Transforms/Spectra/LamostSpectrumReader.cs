using System.Buffers;
using System.Numerics;
using SPFusion.Transforms.Fits;

namespace SPFusion.Transforms.Spectra;

/// <summary>
/// Reads LAMOST low-resolution spectrum files (plain or gzip/bzip2) in both published layouts:
/// DR1-DR7, a primary float image NAXIS1 x 5 (rows flux, inverse variance, wavelength, and-mask, or-mask), and DR8 on,
/// an empty primary plus a one-row BINTABLE <c>COADD</c> whose vector lengths come from TFORM (3902-3909 in DR10).
/// </summary>
public static class LamostSpectrumReader
{
    /// <summary>Reads one spectrum file.</summary>
    /// <exception cref="InvalidDataException">The file is neither layout or its arrays are inconsistent; the message names the file and HDU.</exception>
    /// <exception cref="FitsFormatException">The file is not valid FITS.</exception>
    public static LamostSpectrum Read(string path)
    {
        using var file = FitsFile.Open(path);
        var primary = file.Primary;
        var h = primary.Header;
        double[] wavelength;
        float[] flux, ivar;
        int[] andMask, orMask;
        if (primary.HasData)
        {
            var axes = primary.Axes;
            if (axes.Count != 2 || axes[1] < 5)
                throw new InvalidDataException($"{path}: HDU 0: expected a DR1-DR7 LAMOST image NAXIS1 x 5 (flux, ivar, wavelength, andmask, ormask), found shape ({string.Join(" x ", axes)})");
            int n = checked((int)axes[0]);
            float[] all = primary.ReadFloat32();
            flux = all.AsSpan(0, n).ToArray();
            ivar = all.AsSpan(n, n).ToArray();
            wavelength = Widen(all.AsSpan(2 * n, n));
            andMask = ToMask(all.AsSpan(3 * n, n), path, "HDU 0 row 4 (andmask)");
            orMask = ToMask(all.AsSpan(4 * n, n), path, "HDU 0 row 5 (ormask)");
        }
        else
        {
            var table = CoaddTable(file, path);
            if (table.RowCount != 1)
                throw new InvalidDataException($"{path}: HDU {table.Index} (COADD): expected one row, found {table.RowCount}");
            flux = table.ReadFloat32(0, "FLUX");
            ivar = Column(table, "IVAR", flux.Length, path);
            // Wavelength and masks are converted after reading, so their float32 values pass through one pooled buffer.
            float[] buffer = ArrayPool<float>.Shared.Rent(flux.Length);
            try
            {
                var values = buffer.AsSpan(0, flux.Length);
                Column(table, "WAVELENGTH", values, path);
                wavelength = Widen(values);
                Column(table, "ANDMASK", values, path);
                andMask = ToMask(values, path, $"HDU {table.Index} column ANDMASK");
                Column(table, "ORMASK", values, path);
                orMask = ToMask(values, path, $"HDU {table.Index} column ORMASK");
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }

        // Deflate decodes many damaged bytes into wrong values without complaint; only the gzip trailer's CRC (bzip2: each
        // block's CRC at its end) catches them, so a compressed file is read to its end before its values are trusted.
        // This comes after the reads above: a compressed stream only reads forward, and going back would decode it twice.
        if (file.Compression != FitsCompression.None) _ = file.Hdus;

        return new LamostSpectrum
        {
            Wavelength = wavelength,
            Flux = flux,
            Ivar = ivar,
            AndMask = andMask,
            OrMask = orMask,
            ObsId = ObsId(h, path),
            Ra = h.GetDouble("RA") ?? double.NaN,
            Dec = h.GetDouble("DEC") ?? double.NaN,
            SnrG = h.GetDouble("SNRG") ?? double.NaN,
            Z = h.GetDouble("Z") ?? double.NaN,
            Class = h.GetString("CLASS")?.Trim() ?? "",
            SourcePath = path,
            Warnings = [.. file.Warnings],
        };
    }

    private static BinaryTableHdu CoaddTable(FitsFile file, string path)
    {
        // The COADD table is HDU 1 in every DR8+ file; checking it first avoids decoding the rest of a compressed file.
        FitsHdu? second;
        try
        {
            second = file[1];
        }
        catch (ArgumentOutOfRangeException)
        {
            second = null;
        }

        if (second is BinaryTableHdu first && string.Equals(first.ExtName?.Trim(), "COADD", StringComparison.OrdinalIgnoreCase))
            return first;
        return file.Find("COADD") as BinaryTableHdu
            ?? throw new InvalidDataException($"{path}: HDU 0 has no data (NAXIS = 0) and there is no BINTABLE named COADD; not a LAMOST low-resolution spectrum");
    }

    private static float[] Column(BinaryTableHdu table, string name, int length, string path)
    {
        if (!table.HasColumn(name))
            throw new InvalidDataException($"{path}: HDU {table.Index} (COADD) has no column {name}");
        float[] values = table.ReadFloat32(0, name);
        if (values.Length != length) throw LengthMismatch(table, name, values.Length, length, path);
        return values;
    }

    private static void Column(BinaryTableHdu table, string name, Span<float> destination, string path)
    {
        if (!table.HasColumn(name))
            throw new InvalidDataException($"{path}: HDU {table.Index} (COADD) has no column {name}");
        var column = table.GetColumn(name);
        if (column.Repeat != destination.Length)
        {
            // A problem reading the column is reported before the length, as by the allocating overload.
            _ = table.ReadFloat32(0, name);
            throw LengthMismatch(table, name, column.Repeat, destination.Length, path);
        }
        table.ReadFloat32(0, column, destination);
    }

    private static InvalidDataException LengthMismatch(BinaryTableHdu table, string name, long count, int length, string path) =>
        new($"{path}: HDU {table.Index} (COADD) column {name} has {count} elements but FLUX has {length}");

    private static long ObsId(FitsHeader h, string path)
    {
        var card = h.Find("OBSID") ?? throw new InvalidDataException($"{path}: HDU 0 keyword OBSID is missing");
        return card.Value switch
        {
            long l => l,
            string s when long.TryParse(s.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long l) => l,
            var other => throw new InvalidDataException($"{path}: HDU 0 keyword OBSID = {other} is not an integer"),
        };
    }

    private static double[] Widen(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(values[i..]), out var low, out var high);
                low.CopyTo(result, i);
                high.CopyTo(result, i + Vector<double>.Count);
            }
        }
        for (; i < values.Length; i++)
            result[i] = values[i];
        return result;
    }

    private static int[] ToMask(ReadOnlySpan<float> values, string path, string where)
    {
        var result = new int[values.Length];
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // Whole vectors that round-trip exactly are integers; the first one that does not is left to the scalar
            // loop, which finds and reports the offending element.
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(values[i..]);
                var m = Vector.ConvertToInt32(v);
                if (!Vector.EqualsAll(Vector.ConvertToSingle(m), v))
                    break;
                m.CopyTo(result, i);
            }
        }
        for (; i < values.Length; i++)
        {
            float v = values[i];
            int m = (int)v;
            if (m != v)
                throw new InvalidDataException($"{path}: {where} element {i} = {v} is not an integer bit mask");
            result[i] = m;
        }

        return result;
    }
}
