using System.Text.Json;
using System.Xml.Linq;

namespace Platform.Infra.Tests;

/// <summary>infra/ compiles and lints cleanly with the pinned Bicep compiler, offline.</summary>
public sealed class BicepCompilerTests
{
    /// <summary>
    /// Lint findings accepted on purpose, each with its reason, as "ruleId in file". None today:
    /// a new finding is fixed, or added here with the reason it is harmless.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> AcceptedFindings = new Dictionary<string, string>(StringComparer.Ordinal);

    [Fact]
    public void The_compiler_is_the_version_Directory_Packages_props_pins()
    {
        var pinned = XDocument.Load(RepoRoot.Combine("Directory.Packages.props"))
            .Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == "Azure.Bicep.CommandLine.linux-x64")
            .Attribute("Version")!.Value;

        var run = BicepCli.Run("--version");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith($"Bicep CLI version {pinned} ", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Main_compiles_without_errors_or_warnings()
    {
        var build = Compiled.MainBuild;
        Assert.True(build.ExitCode == 0, $"bicep build failed: {build}");
        Assert.True(build.Stderr.Trim().Length == 0, $"bicep build reported: {build.Stderr}");
    }

    [Fact]
    public void Lint_finds_nothing_beyond_the_accepted_findings()
    {
        var lint = Compiled.Lint;
        var unexpected = lint.Diagnostics
            .Where(d => !AcceptedFindings.ContainsKey($"{d.RuleId} in {Path.GetFileName(d.File)}"))
            .ToList();

        Assert.True(unexpected.Count == 0, "bicep lint reported:\n" + string.Join('\n', unexpected));
        Assert.Equal(0, lint.Run.ExitCode);
    }

    [Fact]
    public void The_lint_configuration_turns_a_secret_in_an_output_into_an_error()
    {
        // The same bicepconfig.json next to a template that leaks a storage key: if the config
        // did not load, or did not raise the rule, this would be a warning and the build would pass.
        var dir = Directory.CreateTempSubdirectory("bicepconfig-");
        try
        {
            File.Copy(RepoRoot.Combine("infra", "bicepconfig.json"), Path.Combine(dir.FullName, "bicepconfig.json"));
            var template = Path.Combine(dir.FullName, "leak.bicep");
            File.WriteAllText(template, """
                param name string
                resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
                  name: name
                }
                output key string = account.listKeys().keys[0].value
                """);

            var run = BicepCli.Run("lint", template, "--no-restore", "--diagnostics-format", "sarif");
            using var sarif = JsonDocument.Parse(run.Stdout);
            var findings = BicepDiagnostic.FromSarif(sarif.RootElement);

            var finding = Assert.Single(findings);
            Assert.Equal("outputs-should-not-contain-secrets", finding.RuleId);
            Assert.Equal("error", finding.Level);
            Assert.NotEqual(0, run.ExitCode);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
