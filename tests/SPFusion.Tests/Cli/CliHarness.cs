using SPFusion.Cli.CommandLine;

namespace SPFusion.Tests.Cli;

/// <summary>Runs the spfusion tool in-process and captures its streams.</summary>
internal static class CliHarness
{
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CommandRunner.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
