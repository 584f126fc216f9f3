namespace SPFusion.Transforms.Images;

/// <summary>What to do when part of a star's cut-out falls outside a frame.</summary>
public enum CutoutEdgePolicy
{
    /// <summary>Refuse the star with an <see cref="InvalidDataException"/> naming the star and the frame (default).</summary>
    Throw,

    /// <summary>
    /// Fill the missing pixels of a band with the median of that band's in-frame cut-out pixels (raw nanomaggies).
    /// The median is sky-dominated, finite, and lies inside the band's range, so it neither creates NaNs nor moves
    /// the band's min-max normalisation the way a fixed 0 or an extreme value could.
    /// </summary>
    PadWithBandMedian,
}
