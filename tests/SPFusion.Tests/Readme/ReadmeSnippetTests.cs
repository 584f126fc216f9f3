using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SPFusion.Tests.Cli;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Readme;

/// <summary>
/// The README's code, read out of README.md itself, so the documentation cannot drift from the code: every C# block
/// compiles (in order, as one method, against the package's assemblies, with its public namespaces imported), every
/// project, solution and script a shell block runs exists, and every <c>spfusion</c> verb the README names answers
/// <c>--help</c>. <see cref="ReadmeApiTests"/> runs the same API on a synthetic survey.
/// </summary>
public partial class ReadmeSnippetTests
{
    /// <summary>What the README's snippets take as given without declaring it.</summary>
    private const string Givens = "IDataView testStars = null!;\nIDataView validationStars = null!;\n";

    private static readonly string Readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));

    [Fact]
    public void EveryCSharpBlockCompilesAgainstThePackage()
    {
        var blocks = Blocks("csharp");
        Assert.True(blocks.Count >= 5, $"README.md holds {blocks.Count} C# blocks; expected the ML.NET API's snippets");
        Assert.Contains(blocks, b => b.Contains("SurveyStarRow.Load", StringComparison.Ordinal));

        Assembly[] package = [typeof(SPFusion.ML.Training.SPFusionTrainer).Assembly, typeof(SPFusion.Transforms.Datasets.StarId).Assembly, typeof(Microsoft.ML.MLContext).Assembly];
        var namespaces = new SortedSet<string>(StringComparer.Ordinal) { "System", "System.Linq", "System.Collections.Generic", "Microsoft.ML", "Microsoft.ML.Data" };
        foreach (var assembly in package.Take(2))
        {
            foreach (var type in assembly.GetExportedTypes())
            {
                if (type.Namespace is { } ns) namespaces.Add(ns);
            }
        }

        string source = string.Concat(namespaces.Select(n => $"using {n};\n")) +
            "public static class ReadmeSnippets\n{\n    public static void Run()\n    {\n" + Givens +
            string.Join("\n", blocks) + "\n    }\n}\n";
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create("ReadmeSnippets", [tree], References(package),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "README.md's C# blocks do not compile:\n" + string.Join("\n", errors.Select(e =>
            $"{e.Id} {e.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}: {tree.GetText().Lines[e.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim()}")));
    }

    [Fact]
    public void EveryShellCommandRunsSomethingThatExists()
    {
        var lines = Blocks("bash").SelectMany(b => b.Split('\n')).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.NotEmpty(lines);
        foreach (string line in lines)
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(words[0] is "dotnet" or "bash", $"README.md: unexpected shell command '{line}'");
            for (int k = 1; k < words.Length; k++)
            {
                bool names = words[k - 1] == "--project" || words[k].EndsWith(".sln", StringComparison.Ordinal) || (words[0] == "bash" && k == 1);
                if (!names) continue;
                string path = Path.Combine(TestPaths.RepoRoot, words[k]);
                bool exists = File.Exists(path) || (Directory.Exists(path) && Directory.EnumerateFiles(path, "*.csproj").Any());
                Assert.True(exists, $"README.md: '{line}' names {words[k]}, which does not exist");
            }
        }
    }

    [Fact]
    public void EveryVerbTheReadmeNamesAnswersHelp()
    {
        var verbs = VerbPattern().Matches(Readme).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        Assert.Contains("prepare", verbs);
        Assert.Contains("synth", verbs);
        foreach (string verb in verbs)
        {
            var (code, stdout, stderr) = CliHarness.Run(verb, "--help");
            Assert.True(code == 0, $"README.md names `spfusion {verb}`: --help exits with {code}: {stderr}");
            Assert.Contains(verb, stdout, StringComparison.Ordinal);
        }
    }

    /// <summary>The fenced blocks of one language, in README order.</summary>
    private static List<string> Blocks(string language)
    {
        var blocks = new List<string>();
        var lines = Readme.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int k = 0; k < lines.Length; k++)
        {
            if (lines[k].TrimEnd() != "```" + language) continue;
            int end = Array.FindIndex(lines, k + 1, l => l.TrimEnd() == "```");
            Assert.True(end > k, $"README.md line {k + 1}: the ```{language} block is not closed");
            blocks.Add(string.Join("\n", lines[(k + 1)..end]));
            k = end;
        }

        return blocks;
    }

    /// <summary>The framework's reference set plus every managed assembly beside the tests (the package and its dependencies).</summary>
    private static List<MetadataReference> References(IEnumerable<Assembly> required)
    {
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string path in ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator))
            paths.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        foreach (string path in Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
        {
            try
            {
                _ = AssemblyName.GetAssemblyName(path);
                paths.TryAdd(Path.GetFileNameWithoutExtension(path), path);
            }
            catch (BadImageFormatException)
            {
                // a native library
            }
        }

        foreach (var assembly in required) paths.TryAdd(assembly.GetName().Name!, assembly.Location);
        return [.. paths.Values.Select(p => MetadataReference.CreateFromFile(p))];
    }

    [GeneratedRegex(@"`spfusion ([a-z][a-z-]+)")]
    private static partial Regex VerbPattern();
}
