using System.Text.Json;

namespace Platform.Infra.Tests;

/// <summary>
/// infra/ as the real Bicep compiler sees it, computed once per test run and shared by every
/// test class (each value is built on first use; Lazy makes concurrent first uses wait for one run).
/// </summary>
internal static class Compiled
{
    private static readonly Lazy<BicepRun> MainRun = new(() =>
        BicepCli.Run("build", Infra.MainPath, "--stdout", "--no-restore"));

    private static readonly Lazy<ArmTemplate> MainTemplate = new(() =>
    {
        var run = MainRun.Value;
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build {Infra.MainPath} failed: {run}");
        }

        return new ArmTemplate("main", Parse(run.Stdout));
    });

    private static readonly Lazy<LintResult> LintRun = new(() =>
    {
        // Linting main.bicep lints every module it uses; the module tests check that is all of them.
        var run = BicepCli.Run("lint", Infra.MainPath, "--no-restore", "--diagnostics-format", "sarif");
        return new LintResult(run, BicepDiagnostic.FromSarif(Parse(run.Stdout)));
    });

    private static readonly Lazy<IReadOnlyDictionary<string, ArmTemplate>> ModuleFiles = new(CompileModuleFiles);

    /// <summary>The bicep build of main.bicep: exit code and diagnostics.</summary>
    public static BicepRun MainBuild => MainRun.Value;

    /// <summary>main.bicep compiled to ARM JSON, module templates inline.</summary>
    public static ArmTemplate Main => MainTemplate.Value;

    public static LintResult Lint => LintRun.Value;

    /// <summary>Every file in infra/modules compiled on its own, by file name.</summary>
    public static IReadOnlyDictionary<string, ArmTemplate> Modules => ModuleFiles.Value;

    private static Dictionary<string, ArmTemplate> CompileModuleFiles()
    {
        var outDir = Directory.CreateTempSubdirectory("infra-modules-");
        try
        {
            var run = BicepCli.Run("build", "--pattern", "infra/modules/*.bicep", "--outdir", outDir.FullName, "--no-restore");
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException($"bicep build of infra/modules failed: {run}");
            }

            return Directory.GetFiles(RepoRoot.Combine("infra", "modules"), "*.bicep")
                .Select(bicep => Path.GetFileName(bicep))
                .ToDictionary(
                    file => file,
                    file => new ArmTemplate(file, Parse(File.ReadAllText(Path.Combine(outDir.FullName, Path.ChangeExtension(file, ".json"))))),
                    StringComparer.Ordinal);
        }
        finally
        {
            outDir.Delete(recursive: true);
        }
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

internal sealed record LintResult(BicepRun Run, IReadOnlyList<BicepDiagnostic> Diagnostics);

/// <summary>One compiler or linter finding, from Bicep's SARIF output.</summary>
internal sealed record BicepDiagnostic(string RuleId, string Level, string Message, string File, int Line)
{
    public static IReadOnlyList<BicepDiagnostic> FromSarif(JsonElement sarif) =>
        [.. sarif.Items("runs").SelectMany(run => run.Items("results")).Select(result =>
        {
            var location = result.Items("locations")[0].At("physicalLocation");
            return new BicepDiagnostic(
                result.Text("ruleId"),
                result.Text("level"),
                result.Text("message", "text"),
                new Uri(location.Text("artifactLocation", "uri")).LocalPath,
                location.At("region", "startLine").GetInt32());
        })];

    public override string ToString() => $"{Path.GetRelativePath(RepoRoot.Path, File)}({Line}): {Level} {RuleId}: {Message}";
}
