namespace Platform.Infra.Tests;

/// <summary>Storage hardening and the identity's role assignments: access is by Entra ID only.</summary>
public sealed class StorageAndAccessTests
{
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

    [Theory]
    [InlineData("allowBlobPublicAccess", "false")]
    [InlineData("minimumTlsVersion", "\"TLS1_2\"")]
    [InlineData("supportsHttpsTrafficOnly", "true")]
    [InlineData("allowSharedKeyAccess", "false")]
    public void The_storage_account_is_hardened(string property, string expectedJson)
    {
        Assert.Equal(expectedJson, Infra.Declared(Infra.StorageAccount).At("properties", property).GetRawText());
    }

    [Fact]
    public void The_storage_account_is_StorageV2_with_a_grainstate_table()
    {
        Assert.Equal("StorageV2", Infra.Declared(Infra.StorageAccount).Json.Text("kind"));
        Infra.Declared(Infra.Table); // declared exactly once

        Assert.Equal("grainstate", Infra.ModuleDeclaring(Infra.StorageAccount).Argument("tableName").GetString());
    }

    [Theory]
    [InlineData(Infra.StorageAccount, StorageTableDataContributor)]
    [InlineData(Infra.KeyVault, KeyVaultSecretsUser)]
    [InlineData(Infra.Registry, AcrPull)]
    public void The_platform_identity_gets_its_role_on_the_resource_itself(string resourceType, string roleId)
    {
        var module = Infra.ModuleDeclaring(resourceType);
        var target = Infra.Declared(resourceType);
        var roleVariable = Assert.Single(module.Template.Variables, v => v.Value.GetString() == roleId).Key;

        var assignment = Assert.Single(module.Template.Resources,
            r => r.Type == Infra.RoleAssignment
                 && r.Json.Text("scope") == target.IdExpression
                 && r.Json.At("properties").Has("principalType")
                 && r.Json.Text("properties", "principalType") == "ServicePrincipal");
        Assert.Equal(
            $"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', {ArmExpression.Inner(ArmExpression.Variable(roleVariable))})]",
            assignment.Json.Text("properties", "roleDefinitionId"));

        // The principal is the platform identity, handed over by main.bicep from the identity module.
        var principalParameter = assignment.Json.Text("properties", "principalId");
        var passed = Assert.Single(module.ParametersPassed, p => ArmExpression.Parameter(p.Key) == principalParameter).Value.Text("value");
        Assert.Equal((Infra.ModuleDeclaring(Infra.ManagedIdentity).Name, "principalId"), ArmExpression.ModuleOutput(passed));

        // The assignment's name is derived from target, principal and role, so re-provisioning finds the same one.
        var name = assignment.Name;
        Assert.StartsWith("[guid(", name, StringComparison.Ordinal);
        Assert.Contains(ArmExpression.Inner(target.IdExpression), name, StringComparison.Ordinal);
        Assert.Contains(ArmExpression.Inner(principalParameter), name, StringComparison.Ordinal);
        Assert.Contains(ArmExpression.Inner(ArmExpression.Variable(roleVariable)), name, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_Vault_uses_RBAC_and_holds_the_operator_key_from_a_secure_parameter()
    {
        var vault = Infra.Declared(Infra.KeyVault);
        Assert.True(vault.At("properties", "enableRbacAuthorization").GetBoolean());
        Assert.False(vault.At("properties").Has("accessPolicies"));

        var secret = Infra.Declared(Infra.KeyVaultSecret);
        var value = secret.Json.Text("properties", "value");
        Assert.True(ArmExpression.IsExpression(value), "The operator key is a literal in the template.");

        // ...and that value is a secure parameter of the vault module, fed from main's secure operatorKey.
        var parameter = Assert.Single(secret.Template.Parameters, p => ArmExpression.Parameter(p.Key) == value);
        Assert.Equal("securestring", parameter.Value.Text("type"));
        var module = Infra.ModuleDeclaring(Infra.KeyVaultSecret);
        Assert.Equal(ArmExpression.Parameter("operatorKey"), module.Argument(parameter.Key).GetString());
        Assert.Equal("securestring", Infra.Main.Parameters["operatorKey"].Text("type"));
    }

    [Fact]
    public void The_registry_has_no_admin_user()
    {
        Assert.False(Infra.Declared(Infra.Registry).At("properties", "adminUserEnabled").GetBoolean());
    }
}
