namespace Platform.Infra.Tests;

/// <summary>Storage hardening and the identity's role assignments: access is by Entra ID only.</summary>
public sealed class StorageAndAccessTests
{
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

    [Theory]
    [InlineData("allowBlobPublicAccess", "false")]
    [InlineData("minimumTlsVersion", "'TLS1_2'")]
    [InlineData("supportsHttpsTrafficOnly", "true")]
    [InlineData("allowSharedKeyAccess", "false")]
    public void The_storage_account_is_hardened(string property, string expected)
    {
        Assert.Equal(expected, Infra.Declared(Infra.StorageAccount).Body.Get("properties", property));
    }

    [Fact]
    public void The_storage_account_is_StorageV2_with_a_grainstate_table()
    {
        Assert.Equal("'StorageV2'", Infra.Declared(Infra.StorageAccount).Body.Get("kind"));
        Infra.Declared(Infra.Table); // declared exactly once

        var storageModule = Assert.Single(Infra.Main.Modules, m => m.Path == "./modules/storage.bicep");
        Assert.Equal("grainstate", BicepObject.Literal(storageModule.Body.Get("params", "tableName")));
    }

    [Theory]
    [InlineData(Infra.StorageAccount, StorageTableDataContributor)]
    [InlineData(Infra.KeyVault, KeyVaultSecretsUser)]
    [InlineData(Infra.Registry, AcrPull)]
    public void The_platform_identity_gets_its_role_on_the_resource_itself(string resourceType, string roleId)
    {
        var file = Infra.Declaring(resourceType);
        var target = file.Resource(resourceType);
        var roleVar = Assert.Single(file.Vars, v => v.Value == $"'{roleId}'").Key;

        var assignment = Assert.Single(file.Resources,
            r => r.Type == Infra.RoleAssignment
                 && r.Body.Get("scope") == target.Symbol
                 && r.Body.Object("properties").Raw("principalType") == "'ServicePrincipal'");
        Assert.Contains(roleVar, assignment.Body.Get("properties", "roleDefinitionId"), StringComparison.Ordinal);
        Assert.Contains(roleVar, assignment.Body.Get("name"), StringComparison.Ordinal);
    }

    [Fact]
    public void Key_Vault_uses_RBAC_and_holds_the_operator_key_secret()
    {
        var vault = Infra.Declared(Infra.KeyVault).Body;
        Assert.Equal("true", vault.Get("properties", "enableRbacAuthorization"));
        Assert.False(vault.Object("properties").Has("accessPolicies"));

        var secret = Infra.Declared(Infra.KeyVaultSecret).Body;
        var value = secret.Get("properties", "value");
        Assert.False(value.StartsWith('\''), "The operator key is a literal in the template.");

        // ...and that value is a @secure() parameter of its module.
        var file = Infra.Declaring(Infra.KeyVaultSecret);
        Assert.Matches($@"@secure\(\)\s*(?:@[^\n]*\n\s*)*param\s+{value}\s+string", file.Code);
    }

    [Fact]
    public void The_registry_has_no_admin_user()
    {
        Assert.Equal("false", Infra.Declared(Infra.Registry).Body.Get("properties", "adminUserEnabled"));
    }
}
