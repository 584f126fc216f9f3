namespace SPFusion.Cli.CommandLine;

/// <summary>One verb of the <c>spfusion</c> tool. Implementations are discovered by reflection, one file each.</summary>
public interface ICliCommand
{
    /// <summary>The verb, e.g. <c>inspect</c>.</summary>
    string Name { get; }

    /// <summary>One line for the tool's help listing.</summary>
    string Summary { get; }

    /// <summary>Usage text printed for <c>--help</c> and after usage errors.</summary>
    string Usage { get; }

    /// <summary>Runs the verb; returns the process exit code.</summary>
    int Run(CliArguments args, TextWriter stdout, TextWriter stderr);
}
