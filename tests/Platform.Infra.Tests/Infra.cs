namespace Platform.Infra.Tests;

/// <summary>The deployment files under test, found by what they declare rather than by file name.</summary>
internal static class Infra
{
    public static string MainPath => RepoRoot.Combine("infra", "main.bicep");

    public static string ParametersPath => RepoRoot.Combine("infra", "main.parameters.json");

    public static BicepFile Main => BicepFile.Load(MainPath);

    public static IReadOnlyDictionary<string, string> AzureYaml =>
        SimpleYaml.Parse(File.ReadAllText(RepoRoot.Combine("azure.yaml")));

    /// <summary>The file that declares (not merely references) a resource of this type; there must be exactly one.</summary>
    public static BicepFile Declaring(string type) =>
        Assert.Single(BicepFile.All(), f => f.Resources.Any(r => r.Type == type && !r.Existing));

    public static BicepResource Declared(string type) => Declaring(type).Resource(type);

    public const string ContainerApp = "Microsoft.App/containerApps";
    public const string ManagedEnvironment = "Microsoft.App/managedEnvironments";
    public const string StorageAccount = "Microsoft.Storage/storageAccounts";
    public const string Table = "Microsoft.Storage/storageAccounts/tableServices/tables";
    public const string KeyVault = "Microsoft.KeyVault/vaults";
    public const string KeyVaultSecret = "Microsoft.KeyVault/vaults/secrets";
    public const string Registry = "Microsoft.ContainerRegistry/registries";
    public const string RoleAssignment = "Microsoft.Authorization/roleAssignments";

    /// <summary>The platform container inside the container app.</summary>
    public static BicepObject PlatformContainer =>
        Assert.Single(Declared(ContainerApp).Body.Objects("properties", "template", "containers"));

    /// <summary>The container's env entries by name; a name set twice fails the test.</summary>
    public static IReadOnlyDictionary<string, BicepObject> Env
    {
        get
        {
            var env = new Dictionary<string, BicepObject>(StringComparer.Ordinal);
            foreach (var entry in PlatformContainer.Objects("env"))
            {
                var name = BicepObject.Literal(entry.Get("name"));
                Assert.True(env.TryAdd(name, entry), $"Environment variable {name} is set twice.");
            }

            return env;
        }
    }
}
