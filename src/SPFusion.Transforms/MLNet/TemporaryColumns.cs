namespace SPFusion.Transforms.MLNet;

/// <summary>
/// Fixed column names the registered custom mappings read and write (their input/output classes are compiled);
/// user-facing names are copied to and from these and the temporaries dropped.
/// </summary>
internal static class TemporaryColumns
{
    public const string Path = "__spf_path";
    public const string Wavelength = "__spf_wavelength";
    public const string Flux = "__spf_flux";
    public const string Ivar = "__spf_ivar";
    public const string OrMask = "__spf_ormask";
    public const string Snr = "__spf_snr";
    public const string ObsId = "__spf_obsid";
    public const string Spectrum = "__spf_spectrum";
    public const string Options = "__spf_options";
    public const string Marker = "__spf_marker";
    public const string FrameG = "__spf_frame_g";
    public const string FrameR = "__spf_frame_r";
    public const string FrameI = "__spf_frame_i";
    public const string Ra = "__spf_ra";
    public const string Dec = "__spf_dec";
    public const string Photometry = "__spf_photometry";
}
