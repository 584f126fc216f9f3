using SPFusion.Benchmarks;
using SPFusion.Benchmarks.Infrastructure;

BenchArguments arguments;
try
{
    if (BenchArguments.Parse(args) is not { } parsed) return 0; // --help
    arguments = parsed;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (arguments.Sub is not { } sub) return Orchestrator.Run(arguments);

var context = new BenchContext(
    arguments.Quick,
    arguments.RepositoryDirectory ?? RepositoryLocator.Find(),
    arguments.WorkDirectory ?? Path.GetTempPath(),
    arguments.SubArgument);
ChildProcess.Report(SubBenchmarks.Run(sub, context));
return 0;
