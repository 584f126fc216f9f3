namespace SPFusion.ML.Survey;

/// <summary>How a survey run decodes SDSS frames.</summary>
public enum SurveyFrameDecoding
{
    /// <summary>
    /// Frames shared by at least <see cref="SurveyEstimatorOptions.WholeFrameMinStars"/> of the run's stars are decoded
    /// whole, once, and cached; the frames of smaller groups (red clump stars are about one per frame) are read around their
    /// stars only, decoding the bzip2 blocks that hold the rows their cut-outs need and those before them, or for rows
    /// nearer the frame's end those after them (<c>SdssFrameReader.ReadAround</c>; each block's CRC is checked, the
    /// whole-stream CRC is not). Default.
    /// </summary>
    Auto,

    /// <summary>Every frame decoded whole (and cached), its whole-stream CRC checked.</summary>
    Whole,
}
