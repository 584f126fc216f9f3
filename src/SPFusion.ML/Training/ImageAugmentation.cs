using SPFusion.ML.Runtime;
using static TorchSharp.torch;

namespace SPFusion.ML.Training;

/// <summary>
/// Random symmetries of the square (flips and quarter turns, the dihedral group of order 8) applied to each training
/// star's g/r/i cut-out, drawn per star from (seed, epoch, batch) so a run is reproducible. A cut-out centred on the star
/// shows the same star turned or mirrored: the label does not change, but a few hundred stars' images can no longer be
/// memorised pixel by pixel.
/// </summary>
internal static class ImageAugmentation
{
    /// <summary>[N,3,H,W] cut-outs (H = W) to the same stars under random symmetries; an empty tensor is returned as is.</summary>
    public static Tensor Apply(Tensor photometric, int seed, int epoch, int batch)
    {
        if (photometric.dim() != 4 || photometric.shape[0] == 0) return photometric;
        int n = (int)photometric.shape[0];
        var random = new Random(SeedMix.Combine(seed, epoch, batch, 0x1d872b41));
        var x = photometric;
        // Three independent coin flips per star (mirror x, mirror y, transpose) reach all eight symmetries.
        foreach (var transform in new Func<Tensor, Tensor>[] { t => t.flip(3), t => t.flip(2), t => t.transpose(2, 3) })
        {
            var pick = new bool[n];
            for (int i = 0; i < n; i++) pick[i] = random.Next(2) == 1;
            using var mask = tensor(pick, device: x.device).reshape(n, 1, 1, 1);
            x = where(mask, transform(x), x);
        }
        return x;
    }
}
