using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace SPFusion.Cli.CommandLine;

/// <summary>
/// System.CommandLine's parse errors in one line each, worded by the option as typed. Its default error output is several
/// lines plus the whole help; the tool and the examples (which compile this file too) print one line and exit with 2.
/// </summary>
internal static class ParseErrors
{
    /// <summary>
    /// The first thing wrong with the command line, in the tool's wording (<c>unknown option --bogus</c>,
    /// <c>option --model needs a value</c>, <c>option --out is required</c>, ...); the options' own parsers and validators
    /// word range and format refusals already. Null when the parse has no error.
    /// </summary>
    public static string? First(ParseResult parsed, Command command)
    {
        if (parsed.Errors.Count == 0) return null;
        foreach (var option in command.Options)
        {
            if (parsed.GetResult(option) is not { } result || result.Implicit) continue;
            if (result.IdentifierTokenCount > 1) return $"option {option.Name} given twice";
            if (result.Tokens.Count == 0 && option.Arity.MinimumNumberOfValues > 0) return $"option {option.Name} needs a value";
        }
        if (parsed.UnmatchedTokens.Count > 0)
        {
            string token = parsed.UnmatchedTokens[0];
            return token.StartsWith('-') ? $"unknown option {token}" : $"unexpected argument '{token}'";
        }
        foreach (var error in parsed.Errors)
        {
            // Errors the tool's parsers and validators added are worded already; what is left is System.CommandLine's.
            if (error.SymbolResult is OptionResult or ArgumentResult { Parent: OptionResult } && Worded(error.Message)) return error.Message;
        }
        foreach (var option in command.Options)
        {
            if (option.Required && parsed.GetResult(option) is null or { Implicit: true }) return $"option {option.Name} is required";
        }
        foreach (var argument in command.Arguments)
        {
            if (parsed.GetResult(argument) is not { } a || a.Tokens.Count < argument.Arity.MinimumNumberOfValues)
                return $"expected {argument.HelpName ?? argument.Name}";
        }
        return parsed.Errors[0].Message;
    }

    private static bool Worded(string message) => message.StartsWith("option ", StringComparison.Ordinal) || message.StartsWith("--", StringComparison.Ordinal);

    // Beyond this the synopsis says [options]: --help lists them.
    private const int MaxListedOptions = 4;

    /// <summary><c>usage: spfusion predict --model MODEL --data DIR --out FILE</c>: the required options and arguments.</summary>
    public static string Synopsis(string tool, Command command)
    {
        var parts = new List<string> { "usage: " + tool };
        if (command is not RootCommand) parts.Add(command.Name);
        parts.AddRange(command.Arguments.Select(a => a.HelpName ?? a.Name.ToUpperInvariant()));
        parts.AddRange(command.Options.Where(o => o.Required).Select(o => $"{o.Name} {o.HelpName}"));
        var optional = command.Options.Where(o => !o.Required && o is not (HelpOption or VersionOption)).ToList();
        if (optional.Count > MaxListedOptions) parts.Add("[options]");
        else parts.AddRange(optional.Select(o => o.Arity.MaximumNumberOfValues == 0 ? $"[{o.Name}]" : $"[{o.Name} {o.HelpName}]"));
        return string.Join(' ', parts);
    }
}
