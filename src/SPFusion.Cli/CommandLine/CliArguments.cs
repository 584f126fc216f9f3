using System.Globalization;

namespace SPFusion.Cli.CommandLine;

/// <summary>
/// GNU-style arguments: <c>--name value</c>, <c>--name=value</c>, bare <c>--flag</c>, and positionals.
/// Every option must be consumed by the command; <see cref="EnsureAllUsed"/> rejects the rest so typos never pass silently.
/// </summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>Arguments that are not options, in order.</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary>Parses <paramref name="args"/>; a value that follows an option is taken unless it starts with <c>--</c>.</summary>
    public CliArguments(IReadOnlyList<string> args)
    {
        var positionals = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length == 2)
            {
                positionals.Add(a);
                continue;
            }
            string name = a[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            if (!_options.TryAdd(name, value))
                throw new CliUsageException($"option --{name} given twice");
        }
        Positionals = positionals;
    }

    /// <summary>True when the bare flag is present (a value after it is an error).</summary>
    public bool Flag(string name)
    {
        if (!_options.TryGetValue(name, out var value)) return false;
        _used.Add(name);
        if (value is not null)
        {
            // "--json FILE" would otherwise swallow the positional; give it back.
            throw new CliUsageException($"option --{name} takes no value (got '{value}'); put positionals before flags or use --{name} alone");
        }
        return true;
    }

    /// <summary>The option's value, or null when absent.</summary>
    public string? String(string name)
    {
        if (!_options.TryGetValue(name, out var value)) return null;
        _used.Add(name);
        return value ?? throw new CliUsageException($"option --{name} needs a value");
    }

    /// <summary>The option's value; a usage error when absent.</summary>
    public string Required(string name) =>
        String(name) ?? throw new CliUsageException($"option --{name} is required");

    /// <summary>An integer option.</summary>
    public int? Int(string name)
    {
        string? s = String(name);
        if (s is null) return null;
        return int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw new CliUsageException($"option --{name} expects an integer, got '{s}'");
    }

    /// <summary>A floating-point option.</summary>
    public double? Double(string name)
    {
        string? s = String(name);
        if (s is null) return null;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v
            : throw new CliUsageException($"option --{name} expects a number, got '{s}'");
    }

    /// <summary>An integer option of at least <paramref name="min"/>; the refusal names the option as typed.</summary>
    public int? IntAtLeast(string name, int min)
    {
        int? v = Int(name);
        if (v < min) throw new CliUsageException(Range(name, $"must be at least {min}", v.ToString()!));
        return v;
    }

    /// <summary>A finite number greater than 0.</summary>
    public double? Positive(string name)
    {
        double? v = Double(name);
        if (v is { } x && !(x > 0 && double.IsFinite(x))) throw new CliUsageException(Range(name, "must be a finite number greater than 0", x));
        return v;
    }

    /// <summary>A finite number of at least 0.</summary>
    public double? NonNegative(string name)
    {
        double? v = Double(name);
        if (v is { } x && !(x >= 0 && double.IsFinite(x))) throw new CliUsageException(Range(name, "must be a finite number of at least 0", x));
        return v;
    }

    /// <summary>A rate in [0, 1), as dropout rates are.</summary>
    public double? Fraction(string name)
    {
        double? v = Double(name);
        if (v is { } x && !(x >= 0 && x < 1)) throw new CliUsageException(Range(name, "must lie in [0, 1)", x));
        return v;
    }

    /// <summary>The one wording of every range refusal: <c>--epochs must be at least 1 (got 0)</c>.</summary>
    public static string Range(string name, string rule, object got) =>
        string.Create(CultureInfo.InvariantCulture, $"--{name} {rule} (got {got})");

    /// <summary>Rejects options the command did not read.</summary>
    public void EnsureAllUsed()
    {
        foreach (var name in _options.Keys)
        {
            if (!_used.Contains(name)) throw new CliUsageException($"unknown option --{name}");
        }
    }
}
