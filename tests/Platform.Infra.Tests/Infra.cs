using System.Text.Json;

namespace Platform.Infra.Tests;

/// <summary>The deployment under test, found in the compiled template by what it declares rather than by file name.</summary>
internal static class Infra
{
    public static string MainPath => RepoRoot.Combine("infra", "main.bicep");

    public static string ParametersPath => RepoRoot.Combine("infra", "main.parameters.json");

    public static ArmTemplate Main => Compiled.Main;

    public static AzureYaml AzureYaml => AzureYaml.Load(RepoRoot.Combine("azure.yaml"));

    public const string ContainerApp = "Microsoft.App/containerApps";
    public const string ManagedEnvironment = "Microsoft.App/managedEnvironments";
    public const string StorageAccount = "Microsoft.Storage/storageAccounts";
    public const string Table = "Microsoft.Storage/storageAccounts/tableServices/tables";
    public const string KeyVault = "Microsoft.KeyVault/vaults";
    public const string KeyVaultSecret = "Microsoft.KeyVault/vaults/secrets";
    public const string Registry = "Microsoft.ContainerRegistry/registries";
    public const string RoleAssignment = "Microsoft.Authorization/roleAssignments";
    public const string ManagedIdentity = "Microsoft.ManagedIdentity/userAssignedIdentities";

    /// <summary>The one resource of this type the deployment creates, in whichever template declares it.</summary>
    public static ArmResource Declared(string type) =>
        Assert.Single(Main.SelfAndNested().SelectMany(t => t.Resources), r => r.Type == type);

    /// <summary>The module deployment main.bicep makes whose template declares this resource type.</summary>
    public static ArmModule ModuleDeclaring(string type) =>
        Assert.Single(Main.Modules, m => m.Template.Resources.Any(r => r.Type == type));

    public static ArmResource App => Declared(ContainerApp);

    /// <summary>The platform container inside the container app.</summary>
    public static JsonElement PlatformContainer => Assert.Single(App.Json.Items("properties", "template", "containers"));

    /// <summary>The container's env entries by name; a name set twice fails the test.</summary>
    public static IReadOnlyDictionary<string, JsonElement> Env
    {
        get
        {
            var env = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var entry in PlatformContainer.Items("env"))
            {
                var name = entry.Text("name");
                Assert.True(env.TryAdd(name, entry), $"Environment variable {name} is set twice.");
            }

            return env;
        }
    }

    /// <summary>A literal env value, as the container receives it.</summary>
    public static string EnvValue(string name)
    {
        Assert.True(Env.TryGetValue(name, out var entry), $"The container app does not set {name}.");
        return entry.Text("value");
    }

    /// <summary>What main.bicep passes to the container app module for one of its parameters.</summary>
    public static string AppArgument(string parameter) =>
        ModuleDeclaring(ContainerApp).Argument(parameter).GetString()!;
}
