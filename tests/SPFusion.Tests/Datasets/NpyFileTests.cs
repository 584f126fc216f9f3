using System.Text;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Tests.Datasets;

public sealed class NpyFileTests : IDisposable
{
    private readonly TempFolder _temp = new("spf-npy");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Float32RoundTripKeepsShapeAndValues()
    {
        string path = Path.Combine(_temp.Path, "a.npy");
        float[] values = [1f, -2.5f, 3.25f, float.Epsilon, 1e30f, 0f];
        NpyFile.Write(path, values, 2, 3);
        var back = NpyFile.Read(path);
        Assert.Equal([2, 3], back.Shape);
        Assert.False(back.IsDouble);
        Assert.Equal(values, back.Single);
    }

    [Fact]
    public void Float64RoundTripKeepsPrecision()
    {
        string path = Path.Combine(_temp.Path, "b.npy");
        double[] values = [Math.PI, -1e-300, 2.0 / 3.0, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        NpyFile.Write(path, values, 3, 2, 2);
        var back = NpyFile.Read(path);
        Assert.Equal([3, 2, 2], back.Shape);
        Assert.Equal(values, back.Double);
        Assert.Equal((float)Math.PI, back.ToSingle()[0]);
    }

    [Fact]
    public void HeaderIsWhatNumpySaveWrites()
    {
        // numpy.save(np.zeros((2, 3), '<f4')) writes this 60-character dictionary, space-padded and ended by a
        // newline so the data starts at byte 128 (a multiple of 64): header length 118.
        string path = Path.Combine(_temp.Path, "c.npy");
        NpyFile.Write(path, new float[6], 2, 3);
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(128 + 24, bytes.Length);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 118, 0 }, bytes[..10]);
        string header = Encoding.ASCII.GetString(bytes, 10, 118);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header, StringComparison.Ordinal);
        Assert.EndsWith(" \n", header, StringComparison.Ordinal);
    }

    [Fact]
    public void OneDimensionalShapeUsesATrailingComma()
    {
        string path = Path.Combine(_temp.Path, "d.npy");
        NpyFile.Write(path, new double[] { 1, 2, 3 }, 3);
        byte[] bytes = File.ReadAllBytes(path);
        string header = Encoding.ASCII.GetString(bytes, 10, bytes[8]);
        Assert.Contains("'shape': (3,), }", header, StringComparison.Ordinal);
        Assert.Equal([3], NpyFile.Read(path).Shape);
    }

    [Fact]
    public void Version2HeaderIsRead()
    {
        string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
        string header = dict + new string(' ', 128 - 12 - dict.Length - 1) + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0 };
        bytes.AddRange(BitConverter.GetBytes((uint)header.Length));
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(BitConverter.GetBytes(1.5f));
        bytes.AddRange(BitConverter.GetBytes(-7f));
        var array = NpyFile.Parse(bytes.ToArray(), "v2.npy");
        Assert.Equal([2], array.Shape);
        Assert.Equal([1.5f, -7f], array.Single!);
    }

    [Theory]
    [InlineData("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", "'>f4'")]
    [InlineData("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", "'<i8'")]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", "Fortran")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", "needs 8")]
    [InlineData("{'descr': '<f4', 'fortran_order': False }", "'shape'")]
    public void UnsupportedFilesAreRefusedNamingTheFile(string dict, string expected)
    {
        string path = Path.Combine(_temp.Path, "bad.npy");
        string header = dict + new string(' ', 128 - 10 - dict.Length - 1) + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 };
        bytes.AddRange(BitConverter.GetBytes((ushort)header.Length));
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(new byte[8 * 1]);
        File.WriteAllBytes(path, bytes.Take(bytes.Count - 4).ToArray());
        var ex = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonNpyFileIsRefused()
    {
        string path = Path.Combine(_temp.Path, "x.npy");
        File.WriteAllText(path, "hello world, not numpy");
        var ex = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }
}
