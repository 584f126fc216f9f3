using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace SPFusion.Cli.CommandLine;

/// <summary>
/// Typed System.CommandLine options with the tool's own refusals: each names the option as typed and the value given
/// (<c>--epochs must be at least 1 (got 0)</c>), one line, so <see cref="CommandRunner"/> can print it as the whole error.
/// </summary>
internal static class CliOptions
{
    /// <summary>A text option (a path, a name); <paramref name="required"/> makes its absence a usage error.</summary>
    public static Option<string?> Text(string name, string helpName, string description, bool required = false) =>
        new(name) { Description = description, HelpName = helpName, Required = required };

    /// <summary>A bare flag: it takes no value, so a word after it is the verb's next argument.</summary>
    public static Option<bool> Flag(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>An integer option, optionally of at least <paramref name="min"/>.</summary>
    public static Option<int?> Int(string name, string description, int? min = null) =>
        new(name)
        {
            Description = description,
            HelpName = "N",
            CustomParser = result => Parse(result, name, min, int.TryParse(Token(result), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v), v,
                "an integer", x => x < min, $"must be at least {min}"),
        };

    /// <summary>A finite number greater than 0.</summary>
    public static Option<double?> Positive(string name, string description) =>
        Double(name, description, x => !(x > 0 && double.IsFinite(x)), "must be a finite number greater than 0");

    /// <summary>A finite number of at least 0.</summary>
    public static Option<double?> NonNegative(string name, string description) =>
        Double(name, description, x => !(x >= 0 && double.IsFinite(x)), "must be a finite number of at least 0");

    /// <summary>A rate in [0, 1), as dropout rates are.</summary>
    public static Option<double?> Fraction(string name, string description) =>
        Double(name, description, x => !(x >= 0 && x < 1), "must lie in [0, 1)");

    /// <summary>A share strictly between 0 and 1 (a split that leaves both sides rows).</summary>
    public static Option<double?> OpenFraction(string name, string description) =>
        Double(name, description, x => !(x > 0 && x < 1), "must lie strictly between 0 and 1");

    /// <summary>Any number.</summary>
    public static Option<double?> Number(string name, string description) => Double(name, description, _ => false, "");

    /// <summary>
    /// One of a fixed set of words, parsed to <typeparamref name="T"/>; the words are the completions and the help's value
    /// list, and any other word is refused naming the option and listing them.
    /// </summary>
    public static Option<T?> Choice<T>(string name, string description, params (string Word, T Value)[] choices)
        where T : struct
    {
        string words = string.Join(", ", choices[..^1].Select(c => c.Word)) + " or " + choices[^1].Word;
        var option = new Option<T?>(name)
        {
            Description = description,
            HelpName = string.Join('|', choices.Select(c => c.Word)),
            Arity = ArgumentArity.ExactlyOne, // a bool choice would otherwise take only true or false
            CustomParser = result =>
            {
                string token = Token(result);
                foreach (var (word, value) in choices)
                {
                    if (word == token) return value;
                }
                result.AddError($"option {name} expects {words}, got '{token}'");
                return null;
            },
        };
        option.CompletionSources.Add(choices.Select(c => c.Word).ToArray());
        return option;
    }

    /// <summary>The one wording of every range refusal: <c>--epochs must be at least 1 (got 0)</c>.</summary>
    public static string Range(string name, string rule, object got) =>
        string.Create(CultureInfo.InvariantCulture, $"{name} {rule} (got {got})");

    private static Option<double?> Double(string name, string description, Func<double, bool> outOfRange, string rule) =>
        new(name)
        {
            Description = description,
            HelpName = "X",
            CustomParser = result => Parse<double>(result, name, 0, double.TryParse(Token(result), NumberStyles.Float, CultureInfo.InvariantCulture, out double v), v,
                "a number", outOfRange, rule),
        };

    private static T? Parse<T>(ArgumentResult result, string name, T? bound, bool parsed, T value, string kind, Func<T, bool> outOfRange, string rule)
        where T : struct
    {
        string token = Token(result);
        if (!parsed)
        {
            result.AddError($"option {name} expects {kind}, got '{token}'");
            return null;
        }
        if (bound is not null && outOfRange(value))
        {
            result.AddError(Range(name, rule, Convert.ToString(value, CultureInfo.InvariantCulture)!));
            return null;
        }
        return value;
    }

    // Arity 1: System.CommandLine reports a missing or repeated value itself before a parser runs.
    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
}
