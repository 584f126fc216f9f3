using Microsoft.ML.Data;
using SPFusion.ML;
using SPFusion.Transforms;

namespace SPFusion.Tests.MLNet;

/// <summary>Input rows with one thing wrong each, for the ApplySPFusionModel input checks.</summary>
internal static class ApplySPFusionModelSchemaRows
{
    /// <summary>The spectrum cropped to 3,522 values but not padded to 3,584.</summary>
    public sealed class UnpaddedSpectrum
    {
        [VectorType(3522)]
        public float[] Spectrum { get; set; } = new float[3522];

        [VectorType(SPFusionShapes.PhotometryLength)]
        public float[] Photometry { get; set; } = new float[SPFusionShapes.PhotometryLength];
    }

    /// <summary>The spectrum as Double values.</summary>
    public sealed class DoubleSpectrum
    {
        [VectorType(SPFusionShapes.SpectrumLength)]
        public double[] Spectrum { get; set; } = new double[SPFusionShapes.SpectrumLength];

        [VectorType(SPFusionShapes.PhotometryLength)]
        public float[] Photometry { get; set; } = new float[SPFusionShapes.PhotometryLength];
    }

    /// <summary>The spectrum without a declared size (a variable-length vector).</summary>
    public sealed class VariableSpectrum
    {
        public float[] Spectrum { get; set; } = new float[SPFusionShapes.SpectrumLength];

        [VectorType(SPFusionShapes.PhotometryLength)]
        public float[] Photometry { get; set; } = new float[SPFusionShapes.PhotometryLength];
    }

    /// <summary>No photometry column at all.</summary>
    public sealed class SpectrumOnly
    {
        [VectorType(SPFusionShapes.SpectrumLength)]
        public float[] Spectrum { get; set; } = new float[SPFusionShapes.SpectrumLength];
    }

    /// <summary>Photometry of 3 x 64 x 64 instead of 3 x 128 x 128.</summary>
    public sealed class SmallPhotometry
    {
        [VectorType(SPFusionShapes.SpectrumLength)]
        public float[] Spectrum { get; set; } = new float[SPFusionShapes.SpectrumLength];

        [VectorType(3 * 64 * 64)]
        public float[] Photometry { get; set; } = new float[3 * 64 * 64];
    }

    /// <summary>Correct inputs under the user's own column names.</summary>
    public sealed class CustomNames
    {
        [VectorType(SPFusionShapes.SpectrumLength)]
        public float[] Flux { get; set; } = new float[SPFusionShapes.SpectrumLength];

        [VectorType(SPFusionShapes.PhotometryLength)]
        public float[] Images { get; set; } = new float[SPFusionShapes.PhotometryLength];
    }

    /// <summary>Under custom names, the spectrum unpadded (3,522 values).</summary>
    public sealed class CustomNamesUnpadded
    {
        [VectorType(3522)]
        public float[] Flux { get; set; } = new float[3522];

        [VectorType(SPFusionShapes.PhotometryLength)]
        public float[] Images { get; set; } = new float[SPFusionShapes.PhotometryLength];
    }
}
