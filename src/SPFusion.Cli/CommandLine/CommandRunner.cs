using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Reflection;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Cli.CommandLine;

/// <summary>
/// Parses <c>spfusion VERB ...</c> with System.CommandLine and runs the matching <see cref="ICliCommand"/>. Bad input of
/// any kind (a parse error, an option out of range, a missing or malformed file) ends with exit code 2 and exactly one
/// line on stderr naming the option, file or row; the full usage is printed only for <c>--help</c>.
/// </summary>
internal static class CommandRunner
{
    /// <summary>Exit code for bad input (unreadable file, malformed data, usage error).</summary>
    public const int BadInput = 2;

    private static readonly Type[] CommandTypes = typeof(CommandRunner).Assembly
        .GetTypes()
        .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    /// <summary>All commands in this assembly, by name (fresh instances: each holds its own option declarations).</summary>
    public static IReadOnlyDictionary<string, ICliCommand> Commands => CommandTypes
        .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
        .ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>The tool's command tree: one subcommand per verb, with help, version and completions from System.CommandLine.</summary>
    public static RootCommand CreateRootCommand(out IReadOnlyDictionary<Command, ICliCommand> verbs)
    {
        var root = new RootCommand($"spfusion {PackageVersion}: mass and age of red clump stars from LAMOST spectra and SDSS images");
        foreach (var option in root.Options.OfType<VersionOption>()) option.Action = new PrintVersion();
        var map = new Dictionary<Command, ICliCommand>();
        foreach (var verb in Commands.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var command = new Command(verb.Name, verb.Summary);
            foreach (var symbol in verb.Symbols)
            {
                switch (symbol)
                {
                    case Option o: command.Options.Add(o); break;
                    case Argument a: command.Arguments.Add(a); break;
                    default: throw new InvalidOperationException($"{verb.Name}: {symbol.GetType().Name} is not an option or argument");
                }
            }
            root.Subcommands.Add(command);
            map[command] = verb;
        }
        verbs = map;
        return root;
    }

    /// <summary>Runs the tool; errors become one line on <paramref name="stderr"/> and a non-zero exit code, never a stack trace.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = CreateRootCommand(out var verbs);
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        if (args.Length == 0 || args is ["help"])
        {
            root.Parse(["--help"]).Invoke(invocation);
            return args.Length == 0 ? BadInput : 0;
        }

        var parsed = root.Parse(args);
        if (parsed.Action is not (null or ParseErrorAction))
            return parsed.Invoke(invocation); // --help, --version, completions: they ignore the other arguments' errors
        var command = parsed.CommandResult.Command;
        if (!verbs.TryGetValue(command, out var verb))
        {
            string first = args[0];
            stderr.WriteLine(first.StartsWith('-')
                ? $"spfusion: unknown option {first} (try spfusion --help)"
                : $"spfusion: unknown command '{first}' (try spfusion --help)");
            return BadInput;
        }
        if (ParseErrors.First(parsed, command) is { } usage)
        {
            // One line: the refusal and the command's synopsis; the full option list is --help's job.
            stderr.WriteLine($"spfusion {verb.Name}: {OneLine(usage)} ({ParseErrors.Synopsis("spfusion", command)}; --help lists every option)");
            return BadInput;
        }

        try
        {
            return verb.Run(parsed, stdout, stderr);
        }
        catch (CliUsageException ex)
        {
            stderr.WriteLine($"spfusion {verb.Name}: {OneLine(ex.Message)} ({ParseErrors.Synopsis("spfusion", command)}; --help lists every option)");
            return BadInput;
        }
        catch (Exception ex) when (InputError(ex) is { } input)
        {
            stderr.WriteLine($"spfusion {verb.Name}: {OneLine(input.Message)}");
            return BadInput;
        }
        catch (Exception ex)
        {
            stderr.WriteLine($"spfusion {verb.Name}: {ex.GetType().Name}: {OneLine(ex.Message)}");
            return 1;
        }
    }

    /// <summary>The package's informational version.</summary>
    public static string PackageVersion =>
        typeof(CommandRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "unknown";

    private static bool IsInputError(Exception ex) =>
        ex is InvalidDataException or IOException or UnauthorizedAccessException or FormatException or ArgumentException;

    /// <summary>
    /// The data error behind <paramref name="ex"/>: ML.NET's cursors run readers on worker threads and rethrow their
    /// exceptions wrapped ("Splitter/consolidator worker encountered exception", TargetInvocationException, aggregates),
    /// which would hide the file and reason the reader put in its message.
    /// </summary>
    private static Exception? InputError(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (IsInputError(e)) return e;
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Select(InputError).FirstOrDefault(i => i is not null) is { } inner)
                return inner;
        }
        return null;
    }

    // A backstop for messages that quote user data without clipping it: no refusal needs more than this to be understood.
    private const int MaxMessageLength = 1000;

    private static string OneLine(string message) => UserText.Clip(message.ReplaceLineEndings(" "), MaxMessageLength);

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(PackageVersion);
            return 0;
        }
    }
}
