using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Infra.Tests;

/// <summary>
/// What a Bicep compiler would catch and this machine cannot run: modules that are missing,
/// parameters nobody supplies or nobody declared, outputs that do not exist.
/// </summary>
public sealed partial class TemplateWiringTests
{
    /// <summary>Variables azd itself puts in the environment before the first provision.</summary>
    private static readonly HashSet<string> AzdProvided = new(StringComparer.Ordinal)
    {
        "AZURE_ENV_NAME", "AZURE_LOCATION", "AZURE_PRINCIPAL_ID", "AZURE_SUBSCRIPTION_ID",
    };

    private static Dictionary<string, string> ParameterFileValues()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Infra.ParametersPath));
        return doc.RootElement.GetProperty("parameters").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("value").ToString(), StringComparer.Ordinal);
    }

    private static string ModuleFile(BicepFile declaringFile, BicepModule module) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(declaringFile.FilePath)!, module.Path));

    [Fact]
    public void Main_is_azd_shaped_subscription_scope_with_the_standard_parameters()
    {
        var main = Infra.Main;
        Assert.Matches(@"(?m)^targetScope\s*=\s*'subscription'\s*$", main.Code);
        foreach (var name in new[] { "environmentName", "location", "principalId" })
        {
            Assert.Contains(main.Params, p => p.Name == name);
        }

        var group = Assert.Single(main.Resources, r => r.Type == "Microsoft.Resources/resourceGroups");
        Assert.Contains("'azd-env-name'", main.Code, StringComparison.Ordinal);
        Assert.Equal("tags", group.Body.Get("tags"));
    }

    [Fact]
    public void Every_referenced_module_exists()
    {
        var modules = BicepFile.All().SelectMany(f => f.Modules.Select(m => (File: f, Module: m))).ToList();
        Assert.NotEmpty(modules);
        Assert.All(modules, x => Assert.True(File.Exists(ModuleFile(x.File, x.Module)),
            $"{x.File.Name}: module {x.Module.Symbol} points at missing {x.Module.Path}."));
    }

    [Fact]
    public void Every_module_under_infra_modules_is_used()
    {
        var used = BicepFile.All().SelectMany(f => f.Modules.Select(m => ModuleFile(f, m))).ToHashSet(StringComparer.Ordinal);
        var present = Directory.GetFiles(RepoRoot.Combine("infra", "modules"), "*.bicep").Select(Path.GetFullPath);
        Assert.All(present, p => Assert.Contains(p, used));
    }

    [Fact]
    public void Main_parameters_without_a_default_are_in_the_parameters_file_and_no_stray_ones_are()
    {
        var declared = Infra.Main.Params;
        var supplied = ParameterFileValues();

        Assert.All(declared.Where(p => !p.HasDefault), p =>
            Assert.True(supplied.ContainsKey(p.Name), $"main.bicep parameter '{p.Name}' has no default and main.parameters.json does not supply it."));
        Assert.All(supplied.Keys, name =>
            Assert.True(declared.Any(p => p.Name == name), $"main.parameters.json supplies '{name}', which main.bicep does not declare."));
    }

    [Fact]
    public void Every_module_call_passes_known_parameters_and_all_required_ones()
    {
        foreach (var file in BicepFile.All())
        {
            foreach (var module in file.Modules)
            {
                var target = BicepFile.Load(ModuleFile(file, module));
                var passed = module.Body.Object("params").Keys;
                foreach (var name in passed)
                {
                    Assert.True(target.Params.Any(p => p.Name == name),
                        $"{file.Name}: module {module.Symbol} passes '{name}', which {target.Name} does not declare.");
                }

                foreach (var required in target.Params.Where(p => !p.HasDefault))
                {
                    Assert.True(passed.Contains(required.Name),
                        $"{file.Name}: module {module.Symbol} does not pass required parameter '{required.Name}' of {target.Name}.");
                }
            }
        }
    }

    [Fact]
    public void Every_module_output_used_is_declared_by_that_module()
    {
        foreach (var file in BicepFile.All())
        {
            var modules = file.Modules.ToDictionary(m => m.Symbol, m => BicepFile.Load(ModuleFile(file, m)));
            foreach (Match use in OutputUse().Matches(file.Code))
            {
                var symbol = use.Groups["sym"].Value;
                if (!modules.TryGetValue(symbol, out var target))
                {
                    continue; // a resource's outputs, not a module's
                }

                Assert.True(target.Outputs.Contains(use.Groups["output"].Value),
                    $"{file.Name}: {symbol}.outputs.{use.Groups["output"].Value} is not an output of {target.Name}.");
            }
        }
    }

    [Fact]
    public void Every_resource_names_an_api_version()
    {
        Assert.All(BicepFile.All().SelectMany(f => f.Resources), r =>
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}(-preview)?$", r.ApiVersion));
    }

    [Fact]
    public void Azd_can_resolve_every_variable_the_parameters_file_uses()
    {
        // Each ${VAR} is either set by azd itself, an output of main.bicep (azd stores those after
        // provisioning), or has a default in the reference (${VAR=default}).
        var outputs = Infra.Main.Outputs.ToHashSet(StringComparer.Ordinal);
        var serviceExists = $"SERVICE_{ServiceName().ToUpperInvariant()}_RESOURCE_EXISTS";
        foreach (Match reference in EnvReference().Matches(File.ReadAllText(Infra.ParametersPath)))
        {
            var name = reference.Groups["name"].Value;
            var hasDefault = reference.Groups["default"].Success;
            Assert.True(AzdProvided.Contains(name) || outputs.Contains(name) || hasDefault,
                $"main.parameters.json uses ${{{name}}}, which neither azd nor main.bicep's outputs provide.");
            if (name.EndsWith("_RESOURCE_EXISTS", StringComparison.Ordinal))
            {
                Assert.Equal(serviceExists, name);
            }
        }
    }

    [Fact]
    public void The_operator_key_is_read_back_from_the_vault_under_the_name_the_template_writes()
    {
        var value = ParameterFileValues()["operatorKey"];
        var match = SecretOrRandomPassword().Match(value);
        Assert.True(match.Success, $"operatorKey is '{value}', not $(secretOrRandomPassword ${{AZURE_KEY_VAULT_NAME}} <secret>).");
        Assert.Contains("AZURE_KEY_VAULT_NAME", Infra.Main.Outputs);
        Assert.Equal($"'{match.Groups["secret"].Value}'", Infra.Main.Vars["operatorKeySecretName"]);
    }

    [Fact]
    public void Main_outputs_what_azd_needs_to_push_and_to_find_the_app()
    {
        var outputs = Infra.Main.Outputs;
        foreach (var name in new[]
                 {
                     "AZURE_LOCATION", "AZURE_TENANT_ID", "AZURE_CONTAINER_REGISTRY_ENDPOINT",
                     "AZURE_KEY_VAULT_NAME", $"SERVICE_{ServiceName().ToUpperInvariant()}_URI",
                 })
        {
            Assert.Contains(name, outputs);
        }
    }

    private static string ServiceName() =>
        Infra.AzureYaml.Keys.Single(k => k.StartsWith("services.", StringComparison.Ordinal) && k.EndsWith(".host", StringComparison.Ordinal)).Split('.')[1];

    [GeneratedRegex(@"\b(?<sym>\w+)\.outputs\.(?<output>\w+)")]
    private static partial Regex OutputUse();

    [GeneratedRegex(@"\$\{(?<name>[A-Z0-9_]+)(?<default>=[^}]*)?\}")]
    private static partial Regex EnvReference();

    [GeneratedRegex(@"^\$\(secretOrRandomPassword \$\{AZURE_KEY_VAULT_NAME\} (?<secret>[A-Za-z0-9-]+)\)$")]
    private static partial Regex SecretOrRandomPassword();
}
