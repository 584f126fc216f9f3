namespace SPFusion.Transforms.Images;

/// <summary>
/// A star's cut-out leaves a frame, or the star cannot be projected into it: a fact about the star's position, not bad
/// data. Public callers see it as an <see cref="InvalidDataException"/>; survey runs estimate such stars from the spectrum.
/// </summary>
internal sealed class CutoutOutsideFrameException(string message, Exception? inner = null) : Exception(message, inner);
