using SPFusion.ML.Training;
using static TorchSharp.torch;

namespace SPFusion.Tests.Training;

/// <summary>
/// <see cref="ImageAugmentation"/>: every augmented cut-out is one of the square's eight symmetries of its own input,
/// the draw is reproducible from (seed, epoch, batch), and different stars get different symmetries.
/// </summary>
public class ImageAugmentationTests
{
    private static Tensor Symmetry(Tensor image, int k) // image [3,H,W]; k in 0..7
    {
        var x = image;
        if ((k & 1) != 0) x = x.flip(2);
        if ((k & 2) != 0) x = x.flip(1);
        if ((k & 4) != 0) x = x.transpose(1, 2);
        return x;
    }

    private static bool Same(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.contiguous().data<float>().ToArray().SequenceEqual(b.contiguous().data<float>().ToArray());

    [Fact]
    public void EachCutOutBecomesOneOfTheEightSymmetriesOfItselfReproducibly()
    {
        using var scope = NewDisposeScope();
        const int n = 40, size = 8;
        var random = new Random(4);
        var values = new float[n * 3 * size * size];
        for (int i = 0; i < values.Length; i++) values[i] = (float)random.NextDouble();
        var images = tensor(values, [n, 3, size, size]);

        var augmented = ImageAugmentation.Apply(images, seed: 42, epoch: 3, batch: 1);
        var again = ImageAugmentation.Apply(images, seed: 42, epoch: 3, batch: 1);
        var otherEpoch = ImageAugmentation.Apply(images, seed: 42, epoch: 4, batch: 1);
        Assert.True(Same(augmented, again));
        Assert.False(Same(augmented, otherEpoch));
        Assert.Equal(images.shape, augmented.shape);

        var seen = new HashSet<int>();
        for (int i = 0; i < n; i++)
        {
            var matches = Enumerable.Range(0, 8).Where(k => Same(Symmetry(images[i], k), augmented[i])).ToList();
            Assert.True(matches.Count > 0, $"star {i}: the augmented cut-out is no symmetry of its input");
            seen.Add(matches[0]);
        }
        // 40 stars drawing from 8 symmetries: missing more than half of them would mean the draw is not per star.
        Assert.True(seen.Count >= 5, $"only {seen.Count} of 8 symmetries among {n} stars");
    }

    [Fact]
    public void TheSmallSurveyPresetAugmentsAndThePublishedRecipeDoesNot()
    {
        Assert.True(SPFusionTrainer.Options.For(TrainingPreset.SmallSurvey).AugmentImages);
        Assert.False(SPFusionTrainer.Options.For(TrainingPreset.Published).AugmentImages);
        Assert.False(new SPFusionTrainer.Options().AugmentImages);
    }

    [Fact]
    public void ASpectrumOnlyBatchIsLeftAsItIs()
    {
        using var scope = NewDisposeScope();
        var none = empty(4, 0);
        Assert.Same(none, ImageAugmentation.Apply(none, seed: 1, epoch: 0, batch: 0));
    }
}
