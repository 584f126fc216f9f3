using SPFusion.Transforms.Images;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Transforms.Catalogs;

/// <summary>
/// Prepares catalogue stars from their raw files (spectrum crop/normalise, g/r/i alignment) with the same code as the
/// ML.NET transforms, and decides per star: prepared, or skipped with the reason. Frames are cached and shared.
/// </summary>
public sealed class StarPreparer
{
    private readonly SpectrumPreparation _spectra;
    private readonly StarCutoutBuilder _cutouts;
    private readonly FrameCache _frames;

    /// <summary>Creates a preparer.</summary>
    /// <param name="spectrumOptions">Spectrum preparation; default the published one.</param>
    /// <param name="cutoutOptions">Cut-out options; default 128 pixels, edge stars refused.</param>
    /// <param name="frameCacheBytes">
    /// Memory for decoded frames. The cache is the process-wide one the <c>AlignImageBands</c> transform uses for the same
    /// size, so screening a catalogue and then running the transforms decodes each frame once.
    /// </param>
    public StarPreparer(SpectrumPreparationOptions? spectrumOptions = null, StarCutoutOptions? cutoutOptions = null, long frameCacheBytes = 1L << 30)
    {
        _spectra = new SpectrumPreparation(spectrumOptions);
        _cutouts = new StarCutoutBuilder(cutoutOptions);
        _frames = MLNet.SharedFrameCaches.Get(frameCacheBytes);
    }

    /// <summary>
    /// Prepares one star; throws (naming the file or frame) when it cannot be, including when neither the catalogue nor
    /// the spectrum header (SNRG) gives its SNR.
    /// </summary>
    public PreparedStar Prepare(SurveyCatalogEntry entry)
    {
        var spectrum = LamostSpectrumReader.Read(entry.SpectrumPath);
        // The SNR bins the evaluation by it; a star with none would be written and then refused by every reader of the dataset.
        if (entry.Snr is null && !(spectrum.SnrG >= 0))
        {
            throw new InvalidDataException(
                $"{entry.SpectrumPath}: HDU 0: keyword SNRG is {(double.IsNaN(spectrum.SnrG) ? "missing" : spectrum.SnrG.ToString(System.Globalization.CultureInfo.InvariantCulture))} " +
                $"and catalogue line {entry.Line} (obsid {entry.ObsId}) has no snr; give the catalogue an snr column");
        }
        var prepared = _spectra.Prepare(spectrum);
        var cutout = _cutouts.Build($"obsid {entry.ObsId}", entry.Ra, entry.Dec, _frames.Get(entry.GPath), _frames.Get(entry.RPath), _frames.Get(entry.IPath));
        return new PreparedStar(entry, prepared.Wavelength, prepared.Flux, prepared.Input, cutout.Raw, cutout.Normalised, spectrum.SnrG);
    }

    /// <summary>
    /// Prepares stars in catalogue order; data errors (unreadable or malformed files, edge stars, bad spectra) skip the
    /// star with its reason when <paramref name="skipBadStars"/> is set and fail otherwise. Programming errors always throw.
    /// </summary>
    public IEnumerable<(PreparedStar? Star, SkippedStar? Skipped)> PrepareAll(IEnumerable<SurveyCatalogEntry> entries, bool skipBadStars)
    {
        foreach (var entry in entries)
        {
            PreparedStar? star = null;
            SkippedStar? skipped = null;
            try
            {
                star = Prepare(entry);
            }
            catch (Exception ex) when (skipBadStars && ex is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                skipped = new SkippedStar(entry, ex.Message.ReplaceLineEndings(" "));
            }
            yield return (star, skipped);
        }
    }

    /// <summary>Splits a catalogue into the stars that can be prepared and those that cannot (with the reason).</summary>
    public (IReadOnlyList<SurveyCatalogEntry> Usable, IReadOnlyList<SkippedStar> Skipped) Partition(IEnumerable<SurveyCatalogEntry> entries)
    {
        var usable = new List<SurveyCatalogEntry>();
        var skipped = new List<SkippedStar>();
        foreach (var (star, skip) in PrepareAll(entries, skipBadStars: true))
        {
            if (skip is not null) skipped.Add(skip);
            else usable.Add(star!.Entry);
        }
        return (usable, skipped);
    }
}
