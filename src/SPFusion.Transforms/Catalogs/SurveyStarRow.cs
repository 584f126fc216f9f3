using Microsoft.ML;

namespace SPFusion.Transforms.Catalogs;

/// <summary>
/// A catalogue star as an ML.NET row, with the column names the survey transforms and the SPFusion trainer use by
/// default (<c>SpectrumPath</c>, <c>FrameG/R/I</c>, <c>Ra</c>, <c>Dec</c>, <c>Mass</c>, <c>Age</c>, <c>Snr</c>).
/// Labels the catalogue does not give are NaN, which training rejects naming the star.
/// </summary>
public sealed class SurveyStarRow
{
    /// <summary>OBSID.</summary>
    public string ObsId { get; set; } = "";

    /// <summary>Right ascension, degrees.</summary>
    public double Ra { get; set; }

    /// <summary>Declination, degrees.</summary>
    public double Dec { get; set; }

    /// <summary>LAMOST spectrum path.</summary>
    public string SpectrumPath { get; set; } = "";

    /// <summary>SDSS g frame path.</summary>
    public string FrameG { get; set; } = "";

    /// <summary>SDSS r frame path.</summary>
    public string FrameR { get; set; } = "";

    /// <summary>SDSS i frame path.</summary>
    public string FrameI { get; set; } = "";

    /// <summary>Mass label (Msun) or NaN.</summary>
    public float Mass { get; set; }

    /// <summary>Age label (Gyr) or NaN.</summary>
    public float Age { get; set; }

    /// <summary>Catalogue g-band SNR or NaN.</summary>
    public float Snr { get; set; }

    /// <summary>Converts catalogue entries.</summary>
    public static IEnumerable<SurveyStarRow> From(IEnumerable<SurveyCatalogEntry> entries) => entries.Select(e => new SurveyStarRow
    {
        ObsId = e.ObsId,
        Ra = e.Ra,
        Dec = e.Dec,
        SpectrumPath = e.SpectrumPath,
        FrameG = e.GPath,
        FrameR = e.RPath,
        FrameI = e.IPath,
        Mass = (float)(e.Mass ?? double.NaN),
        Age = (float)(e.Age ?? double.NaN),
        Snr = (float)(e.Snr ?? double.NaN),
    });

    /// <summary>Reads a catalogue file into an ML.NET data view.</summary>
    public static IDataView Load(MLContext mlContext, string catalogPath) =>
        mlContext.Data.LoadFromEnumerable(From(SurveyCatalog.Read(catalogPath)).ToList());
}
