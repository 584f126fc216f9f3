using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Transforms.MLNet;

/// <summary>
/// ML.NET transforms from survey files to the SPFusion inputs. Fitted pipelines save with <c>mlContext.Model.Save</c>;
/// before <c>mlContext.Model.Load</c> call
/// <c>mlContext.ComponentCatalog.RegisterAssembly(typeof(SurveyTransformsCatalog).Assembly)</c>. Every option
/// survives the round trip (it travels in a persisted constant column).
/// </summary>
public static class SurveyTransformsCatalog
{
    /// <summary>Reads a LAMOST low-resolution spectrum (DR1-DR7 image or DR8+ COADD layout) from the path in <paramref name="inputColumnName"/>.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="inputColumnName">Text column holding the FITS path (.fits, .fits.gz, .fits.bz2).</param>
    /// <param name="outputs">Output column names.</param>
    public static IEstimator<ITransformer> LoadLamostSpectrum(this TransformsCatalog catalog, string inputColumnName = "SpectrumPath", LamostSpectrumColumns? outputs = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        outputs ??= new LamostSpectrumColumns();
        IEstimator<ITransformer> chain = catalog.CopyColumns(TemporaryColumns.Path, inputColumnName)
            .Append(catalog.CustomMapping(new LoadLamostSpectrumMapping().GetMapping(), LoadLamostSpectrumMapping.Contract));
        var copies = new List<(string Output, string Temporary)> { (outputs.Wavelength, TemporaryColumns.Wavelength), (outputs.Flux, TemporaryColumns.Flux) };
        if (outputs.Ivar is { } ivar) copies.Add((ivar, TemporaryColumns.Ivar));
        if (outputs.OrMask is { } orMask) copies.Add((orMask, TemporaryColumns.OrMask));
        if (outputs.Snr is { } snr) copies.Add((snr, TemporaryColumns.Snr));
        if (outputs.ObsId is { } obsId) copies.Add((obsId, TemporaryColumns.ObsId));
        chain = Finish(catalog, chain, copies,
            [TemporaryColumns.Path, TemporaryColumns.Wavelength, TemporaryColumns.Flux, TemporaryColumns.Ivar, TemporaryColumns.OrMask, TemporaryColumns.Snr, TemporaryColumns.ObsId]);
        return new ValidatingEstimator(nameof(LoadLamostSpectrum), [ColumnRequirement.Text(inputColumnName)], chain);
    }

    /// <summary>
    /// Reads a LAMOST spectrum and prepares it for the network in one step: crop to 4000-9000 Å on the file's grid,
    /// min-max normalise to [0,1], centre-pad to 3,584 samples (ARCHITECTURE.md, "Data preparation"). Errors name the file.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Output: vector of 3,584 Single.</param>
    /// <param name="inputColumnName">Text column holding the FITS path.</param>
    /// <param name="options">Crop range and optional bad-pixel bridging; defaults are the published preparation.</param>
    /// <param name="snrColumnName">
    /// Also output the header's SNRG here (null: no column). Default <c>Snr</c>, which hides a catalogue column of that
    /// name: give another name (e.g. <c>SpectrumSnr</c>) to keep the catalogue's own SNR.
    /// </param>
    /// <param name="obsIdColumnName">Also output OBSID (Int64) here (null: no column). Default <c>ObsId</c>, which hides a catalogue column of that name.</param>
    public static IEstimator<ITransformer> PrepareLamostSpectrum(this TransformsCatalog catalog, string outputColumnName = SPFusionColumns.Spectrum,
        string inputColumnName = "SpectrumPath", SpectrumPreparationOptions? options = null, string? snrColumnName = SPFusionColumns.Snr, string? obsIdColumnName = "ObsId")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options = CheckPersistable(options ?? new SpectrumPreparationOptions());
        IEstimator<ITransformer> chain = catalog.CopyColumns(TemporaryColumns.Path, inputColumnName)
            .Append(catalog.Expression(TemporaryColumns.Options, Constant(SpectrumOptionsText.Encode(options, "LAMOST spectrum")), TemporaryColumns.Path))
            .Append(catalog.CustomMapping(new PrepareLamostSpectrumMapping().GetMapping(), PrepareLamostSpectrumMapping.Contract));
        var copies = new List<(string, string)> { (outputColumnName, TemporaryColumns.Spectrum) };
        if (snrColumnName is { } snr) copies.Add((snr, TemporaryColumns.Snr));
        if (obsIdColumnName is { } obsId) copies.Add((obsId, TemporaryColumns.ObsId));
        chain = Finish(catalog, chain, copies, [TemporaryColumns.Path, TemporaryColumns.Options, TemporaryColumns.Spectrum, TemporaryColumns.Snr, TemporaryColumns.ObsId]);
        return new ValidatingEstimator(nameof(PrepareLamostSpectrum), [ColumnRequirement.Text(inputColumnName)], chain);
    }

    /// <summary>
    /// Prepares wavelength and flux arrays already in the data (e.g. from <see cref="LoadLamostSpectrum"/>) for the network:
    /// crop, min-max normalise to [0,1], centre-pad to 3,584 samples. A spectrum off LAMOST's log grid is first
    /// interpolated onto it.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Output: vector of 3,584 Single.</param>
    /// <param name="wavelengthColumnName">Vector of Double, Angstrom.</param>
    /// <param name="fluxColumnName">Vector of Single.</param>
    /// <param name="options">Crop range; bad-pixel bridging needs IVAR/ORMASK and is only offered by <see cref="PrepareLamostSpectrum"/>.</param>
    public static IEstimator<ITransformer> CropAndNormalizeSpectrum(this TransformsCatalog catalog, string outputColumnName = SPFusionColumns.Spectrum,
        string wavelengthColumnName = "Wavelength", string fluxColumnName = "Flux", SpectrumPreparationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options = CheckPersistable(options ?? new SpectrumPreparationOptions());
        if (options.BridgeBadPixels)
            throw new ArgumentException("bad-pixel bridging needs IVAR and ORMASK: use PrepareLamostSpectrum on the file path", nameof(options));
        IEstimator<ITransformer> chain = catalog.CopyColumns(TemporaryColumns.Wavelength, wavelengthColumnName)
            .Append(catalog.CopyColumns(TemporaryColumns.Flux, fluxColumnName))
            .Append(catalog.CustomMapping(new RowMarkerMapping().GetMapping(), RowMarkerMapping.Contract))
            .Append(catalog.Expression(TemporaryColumns.Options, Constant(SpectrumOptionsText.Encode(options, $"column '{fluxColumnName}'")), TemporaryColumns.Marker))
            .Append(catalog.CustomMapping(new CropAndNormalizeSpectrumMapping().GetMapping(), CropAndNormalizeSpectrumMapping.Contract));
        chain = Finish(catalog, chain, [(outputColumnName, TemporaryColumns.Spectrum)],
            [TemporaryColumns.Wavelength, TemporaryColumns.Flux, TemporaryColumns.Marker, TemporaryColumns.Options, TemporaryColumns.Spectrum]);
        return new ValidatingEstimator(nameof(CropAndNormalizeSpectrum),
            [ColumnRequirement.VarVector(wavelengthColumnName, NumberDataViewType.Double, "Double (Angstrom)"), ColumnRequirement.VarVector(fluxColumnName, NumberDataViewType.Single, "Single")],
            chain);
    }

    /// <summary>
    /// Aligns the star's SDSS g, r and i frames the paper's way: the star's (RA, Dec) goes to g-frame pixels, the
    /// 128 x 128 cut-out's origin follows astropy's Cutout2D rule, g pixels are copied, and every cut-out pixel centre is
    /// mapped through g's WCS to the sky and through r's (i's) WCS back to that frame, where the value is interpolated
    /// bilinearly. Output: 3 x 128 x 128 Single, bands g, r, i, band-major, each min-max normalised (or raw nanomaggies).
    /// Decoded frames are cached and shared across rows.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Output: vector of 49,152 Single.</param>
    /// <param name="gFrameColumnName">Text column: g frame path (.fits or .fits.bz2).</param>
    /// <param name="rFrameColumnName">Text column: r frame path.</param>
    /// <param name="iFrameColumnName">Text column: i frame path.</param>
    /// <param name="raColumnName">Numeric column: right ascension in degrees.</param>
    /// <param name="decColumnName">Numeric column: declination in degrees.</param>
    /// <param name="options">Edge handling, normalisation and frame-cache size.</param>
    public static IEstimator<ITransformer> AlignImageBands(this TransformsCatalog catalog, string outputColumnName = SPFusionColumns.Photometry,
        string gFrameColumnName = "FrameG", string rFrameColumnName = "FrameR", string iFrameColumnName = "FrameI",
        string raColumnName = "Ra", string decColumnName = "Dec", ImageBandOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new ImageBandOptions();
        if (!Enum.IsDefined(options.EdgePolicy)) throw new ArgumentOutOfRangeException(nameof(options), options.EdgePolicy, "unknown edge policy");
        if (options.FrameCacheBytes <= 0) throw new ArgumentOutOfRangeException(nameof(options), options.FrameCacheBytes, "frame cache size must be positive");
        IEstimator<ITransformer> chain = catalog.CopyColumns(TemporaryColumns.FrameG, gFrameColumnName)
            .Append(catalog.CopyColumns(TemporaryColumns.FrameR, rFrameColumnName))
            .Append(catalog.CopyColumns(TemporaryColumns.FrameI, iFrameColumnName))
            .Append(catalog.Conversion.ConvertType(TemporaryColumns.Ra, raColumnName, DataKind.Double))
            .Append(catalog.Conversion.ConvertType(TemporaryColumns.Dec, decColumnName, DataKind.Double))
            .Append(catalog.Expression(TemporaryColumns.Options, Constant(ImageBandOptionsText.Encode(options)), TemporaryColumns.FrameG))
            .Append(catalog.CustomMapping(new AlignImageBandsMapping().GetMapping(), AlignImageBandsMapping.Contract));
        chain = Finish(catalog, chain, [(outputColumnName, TemporaryColumns.Photometry)],
            [TemporaryColumns.FrameG, TemporaryColumns.FrameR, TemporaryColumns.FrameI, TemporaryColumns.Ra, TemporaryColumns.Dec, TemporaryColumns.Options, TemporaryColumns.Photometry]);
        return new ValidatingEstimator(nameof(AlignImageBands),
            [ColumnRequirement.Text(gFrameColumnName), ColumnRequirement.Text(rFrameColumnName), ColumnRequirement.Text(iFrameColumnName),
             ColumnRequirement.Number(raColumnName), ColumnRequirement.Number(decColumnName)],
            chain);
    }

    /// <summary>An Expression lambda that ignores its input and yields <paramref name="text"/> (validated free of quotes).</summary>
    internal static string Constant(string text) => $"x => \"{text}\"";

    /// <summary>Copies temporaries to the user's names, then drops every temporary that is not also a user column.</summary>
    internal static IEstimator<ITransformer> Finish(TransformsCatalog catalog, IEstimator<ITransformer> chain, IReadOnlyList<(string Output, string Temporary)> copies, string[] temporaries)
    {
        foreach (var (output, temporary) in copies) chain = chain.Append(catalog.CopyColumns(output, temporary));
        var outputs = copies.Select(c => c.Output).ToHashSet(StringComparer.Ordinal);
        return chain.Append(catalog.DropColumns(temporaries.Where(t => !outputs.Contains(t)).ToArray()));
    }

    private static SpectrumPreparationOptions CheckPersistable(SpectrumPreparationOptions options)
    {
        if (options.PaddedLength != SPFusionShapes.SpectrumLength)
            throw new ArgumentException($"the ML.NET spectrum transforms produce the network's {SPFusionShapes.SpectrumLength} samples; PaddedLength {options.PaddedLength} is not supported here", nameof(options));
        _ = new SpectrumPreparation(options); // range checks now, not on the first row
        return options;
    }
}
