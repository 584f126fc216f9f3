namespace SPFusion.Tests.Support;

/// <summary>Tests that need libtorch's global generator to themselves: xunit runs this collection with nothing else in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchGlobalStateCollection
{
    public const string Name = "libtorch global state";
}
