namespace SPFusion.ML.Training;

/// <summary>Named training recipes for <see cref="SPFusionTrainer.Options.For(TrainingPreset)"/>.</summary>
public enum TrainingPreset
{
    /// <summary>The authors' recipe (ARCHITECTURE.md, "Training recipe"): the <see cref="SPFusionTrainer.Options"/> defaults.</summary>
    Published,

    /// <summary>
    /// Training from random weights on a few hundred to a few thousand stars (a CPU-sized sample): the published recipe
    /// with <see cref="SPFusionTrainer.Options.StandardizeTargets"/>, <see cref="SPFusionTrainer.Options.StandardizeSpectra"/>
    /// and <see cref="SPFusionTrainer.Options.RecalibrateBatchNorm"/> on, learning rate 5e-4, 15% of the training rows held
    /// out for validation instead of 30% (when no validation set is given), every dropout and drop-path rate at 0, and
    /// the cut-outs randomly flipped or turned in training (<see cref="SPFusionTrainer.Options.AugmentImages"/>). On such samples the published recipe collapses
    /// to the label means (README, "Training from random weights"): the raw-unit output layer collapses first; dropout
    /// 0.3 / drop-path 0.3 (even 0.1) stop the network from fitting in the first epochs; the momentum-0.1 batch-norm
    /// statistics lag the weights by epochs; the stem sees the label signal (a few per cent of line depth) under the
    /// sample's common continuum shape unless each pixel is standardised; the network gains more from each training row
    /// than model selection loses from a smaller validation set (which only picks an epoch of one cosine cycle); at 1e-3 the run sits at the edge of divergence (2e-3 never leaves the
    /// mean); and without dropout the image branch can tell a few hundred stars' cut-outs apart and fit their labels' noise. The network layout is the published one, so a model trained this way exports, fine-tunes and loads like
    /// any other.
    /// </summary>
    SmallSurvey,
}
