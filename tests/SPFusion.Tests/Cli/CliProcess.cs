using System.Diagnostics;

namespace SPFusion.Tests.Cli;

/// <summary>Runs the spfusion tool in a child process (the shipped spfusion.dll beside the tests), for exit codes and kills.</summary>
internal static class CliProcess
{
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "spfusion.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
