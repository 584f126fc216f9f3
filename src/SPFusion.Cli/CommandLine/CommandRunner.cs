using System.Reflection;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Cli.CommandLine;

/// <summary>Dispatches <c>spfusion VERB ...</c> to the matching <see cref="ICliCommand"/>.</summary>
public static class CommandRunner
{
    /// <summary>Exit code for bad input (unreadable file, malformed data, usage error).</summary>
    public const int BadInput = 2;

    /// <summary>All commands in this assembly, by name.</summary>
    public static IReadOnlyDictionary<string, ICliCommand> Commands { get; } = typeof(CommandRunner).Assembly
        .GetTypes()
        .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
        .ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>Runs the tool; errors become one line on <paramref name="stderr"/> and a non-zero exit code, never a stack trace.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            PrintHelp(stdout);
            return args.Length == 0 ? BadInput : 0;
        }
        if (args[0] == "--version")
        {
            stdout.WriteLine(PackageVersion);
            return 0;
        }
        if (!Commands.TryGetValue(args[0], out var command))
        {
            stderr.WriteLine($"spfusion: unknown command '{args[0]}' (try spfusion --help)");
            return BadInput;
        }
        if (args.Skip(1).Any(a => a is "--help" or "-h"))
        {
            stdout.WriteLine(command.Usage);
            return 0;
        }
        try
        {
            var parsed = new CliArguments(args[1..]);
            return command.Run(parsed, stdout, stderr);
        }
        catch (CliUsageException ex)
        {
            // One line: the refusal and the command's synopsis; the full option list is --help's job.
            stderr.WriteLine($"spfusion {command.Name}: {OneLine(ex.Message)} ({Synopsis(command)}; --help lists every option)");
            return BadInput;
        }
        catch (Exception ex) when (InputError(ex) is { } input)
        {
            stderr.WriteLine($"spfusion {command.Name}: {OneLine(input.Message)}");
            return BadInput;
        }
        catch (Exception ex)
        {
            stderr.WriteLine($"spfusion {command.Name}: {ex.GetType().Name}: {OneLine(ex.Message)}");
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

    private static string Synopsis(ICliCommand command) => command.Usage.Split('\n')[0].TrimEnd();

    private static void PrintHelp(TextWriter stdout)
    {
        stdout.WriteLine($"spfusion {PackageVersion}: mass and age of red clump stars from LAMOST spectra and SDSS images");
        stdout.WriteLine();
        foreach (var c in Commands.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
            stdout.WriteLine($"  {c.Name,-12} {c.Summary}");
        stdout.WriteLine();
        stdout.WriteLine("spfusion COMMAND --help shows a command's options.");
    }
}
