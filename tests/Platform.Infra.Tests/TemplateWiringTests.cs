using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Infra.Tests;

/// <summary>
/// What the compiler does not check for us: the template's shape azd relies on, the parameters
/// file against main's parameters, and modules left behind. (Missing modules, unknown or missing
/// module parameters and unknown outputs are compile errors, caught by <see cref="BicepCompilerTests"/>.)
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

    [Fact]
    public void Main_is_azd_shaped_subscription_scope_with_the_standard_parameters()
    {
        var main = Infra.Main;
        Assert.EndsWith("/subscriptionDeploymentTemplate.json#", main.Root.Text("$schema"), StringComparison.Ordinal);
        foreach (var name in new[] { "environmentName", "location", "principalId" })
        {
            Assert.Contains(name, main.Parameters.Keys);
        }

        // azd finds the resource group of an environment by its azd-env-name tag.
        var group = Assert.Single(main.Resources, r => r.Type == "Microsoft.Resources/resourceGroups");
        Assert.Equal(ArmExpression.Variable("tags"), group.Json.Text("tags"));
        Assert.Equal(ArmExpression.Parameter("environmentName"), main.Variables["tags"].Text("azd-env-name"));
    }

    [Fact]
    public void Every_module_under_infra_modules_is_deployed_by_main()
    {
        // A module compiled on its own has the same template hash as its copy inside main.json.
        var deployed = Infra.Main.SelfAndNested().Skip(1).Select(t => t.TemplateHash).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(Compiled.Modules);
        Assert.All(Compiled.Modules, m => Assert.True(deployed.Contains(m.Value.TemplateHash),
            $"infra/modules/{m.Key} is not used by main.bicep."));
    }

    [Fact]
    public void Main_parameters_without_a_default_are_in_the_parameters_file_and_no_stray_ones_are()
    {
        var declared = Infra.Main.Parameters;
        var supplied = ParameterFileValues();

        Assert.All(declared.Where(p => !p.Value.Has("defaultValue")), p =>
            Assert.True(supplied.ContainsKey(p.Key), $"main.bicep parameter '{p.Key}' has no default and main.parameters.json does not supply it."));
        Assert.All(supplied.Keys, name =>
            Assert.True(declared.ContainsKey(name), $"main.parameters.json supplies '{name}', which main.bicep does not declare."));
    }

    [Fact]
    public void Every_resource_names_a_dated_api_version()
    {
        var resources = Infra.Main.SelfAndNested().SelectMany(t => t.Resources).ToList();
        Assert.NotEmpty(resources);
        Assert.All(resources, r => Assert.Matches(@"^\d{4}-\d{2}-\d{2}(-preview)?$", r.ApiVersion));
    }

    [Fact]
    public void Azd_can_resolve_every_variable_the_parameters_file_uses()
    {
        // Each ${VAR} is either set by azd itself, an output of main.bicep (azd stores those after
        // provisioning), or has a default in the reference (${VAR=default}).
        var outputs = Infra.Main.Outputs.Keys.ToHashSet(StringComparer.Ordinal);
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
        Assert.Contains("AZURE_KEY_VAULT_NAME", Infra.Main.Outputs.Keys);

        // The vault module names the secret after main's variable, which holds the name azd reads back.
        Assert.Equal(match.Groups["secret"].Value, Infra.Main.Variables["operatorKeySecretName"].GetString());
        Assert.Equal(ArmExpression.Variable("operatorKeySecretName"),
            Infra.ModuleDeclaring(Infra.KeyVaultSecret).Argument("operatorKeySecretName").GetString());
        Assert.Equal("[format('{0}/{1}', parameters('name'), parameters('operatorKeySecretName'))]",
            Infra.Declared(Infra.KeyVaultSecret).Name);
    }

    [Fact]
    public void Main_outputs_what_azd_needs_to_push_and_to_find_the_app()
    {
        var outputs = Infra.Main.Outputs.Keys;
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
        Assert.Single(Infra.AzureYaml.Services, s => s.Value.Host == "containerapp").Key;

    [GeneratedRegex(@"\$\{(?<name>[A-Z0-9_]+)(?<default>=[^}]*)?\}")]
    private static partial Regex EnvReference();

    [GeneratedRegex(@"^\$\(secretOrRandomPassword \$\{AZURE_KEY_VAULT_NAME\} (?<secret>[A-Za-z0-9-]+)\)$")]
    private static partial Regex SecretOrRandomPassword();
}
