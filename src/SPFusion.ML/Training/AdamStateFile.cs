using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Training;

/// <summary>
/// The optimiser's state file: TorchSharp's <c>Adam.save_state_dict</c> layout with one parameter group (name, LEB128
/// group and state counts, the six hyperparameters, amsgrad and maximize flags, then per parameter its step count,
/// first and second moments and an absent amsgrad maximum).
/// </summary>
internal static class AdamStateFile
{
    /// <summary>The optimiser name TorchSharp writes first in its state files.</summary>
    private const string OptimizerName = "Adam";

    /// <summary>Writes the state of one parameter group.</summary>
    public static void Write(string path, AdamHyperparameters settings, IReadOnlyList<long> steps, IReadOnlyList<Tensor> expAvg, IReadOnlyList<Tensor> expAvgSq)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        writer.Write(OptimizerName);
        WriteLeb128(writer, 1);
        WriteLeb128(writer, steps.Count);
        writer.Write(settings.InitialLearningRate);
        writer.Write(settings.LearningRate);
        writer.Write(settings.Beta1);
        writer.Write(settings.Beta2);
        writer.Write(settings.Eps);
        writer.Write(settings.WeightDecay);
        writer.Write(false); // amsgrad
        writer.Write(false); // maximize
        for (int i = 0; i < steps.Count; i++)
        {
            writer.Write(steps[i]);
            expAvg[i].Save(writer);
            expAvgSq[i].Save(writer);
            writer.Write(false); // no max_exp_avg_sq without amsgrad
        }
    }

    /// <summary>
    /// Reads a state file into <paramref name="expAvg"/> and <paramref name="expAvgSq"/> (in place) and
    /// <paramref name="steps"/>. <paramref name="check"/> sees the file's hyperparameters before any tensor is read.
    /// </summary>
    /// <exception cref="InvalidDataException">Not an Adam state for these parameters, or refused by <paramref name="check"/>.</exception>
    public static AdamHyperparameters Read(string path, long[] steps, Tensor[] expAvg, Tensor[] expAvgSq, Action<AdamHyperparameters> check)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream);
            string name = reader.ReadString();
            if (name != OptimizerName) throw new InvalidDataException($"{path}: optimiser state of '{name}', expected '{OptimizerName}'");
            long groups = ReadLeb128(reader), states = ReadLeb128(reader);
            if (groups != 1 || states != steps.Length)
                throw new InvalidDataException($"{path}: {groups} parameter group(s) with {states} parameter state(s), expected 1 with {steps.Length}");
            var settings = new AdamHyperparameters(reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(),
                reader.ReadDouble(), reader.ReadDouble());
            bool amsgrad = reader.ReadBoolean(), maximize = reader.ReadBoolean();
            if (amsgrad || maximize) throw new InvalidDataException($"{path}: amsgrad/maximize Adam state is not supported");
            check(settings);
            for (int i = 0; i < steps.Length; i++)
            {
                steps[i] = reader.ReadInt64();
                expAvg[i].Load(reader);
                expAvgSq[i].Load(reader);
                if (reader.ReadBoolean()) throw new InvalidDataException($"{path}: parameter state {i} carries an amsgrad maximum");
            }
            return settings;
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: not an Adam state for this network ({ex.Message})", ex);
        }
    }

    private static void WriteLeb128(BinaryWriter writer, long value)
    {
        do
        {
            byte b = (byte)(value & 0x7f);
            value >>= 7;
            writer.Write(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
    }

    private static long ReadLeb128(BinaryReader reader)
    {
        long result = 0;
        for (int shift = 0; shift < 63; shift += 7)
        {
            byte b = reader.ReadByte();
            result |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new InvalidDataException("malformed length in optimiser state");
    }
}
