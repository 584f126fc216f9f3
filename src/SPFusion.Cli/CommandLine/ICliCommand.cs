using System.CommandLine;

namespace SPFusion.Cli.CommandLine;

/// <summary>
/// One verb of the <c>spfusion</c> tool, declared for System.CommandLine (which parses, validates, completes and writes
/// <c>--help</c> from the declarations). Implementations are discovered by reflection, one file each.
/// </summary>
internal interface ICliCommand
{
    /// <summary>The verb, e.g. <c>inspect</c>.</summary>
    string Name { get; }

    /// <summary>One line for the tool's help listing.</summary>
    string Summary { get; }

    /// <summary>The verb's options and arguments, typed and described.</summary>
    IEnumerable<Symbol> Symbols { get; }

    /// <summary>Runs the verb on a parse without errors; returns the process exit code.</summary>
    int Run(ParseResult args, TextWriter stdout, TextWriter stderr);
}
