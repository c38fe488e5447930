namespace Platform.Host.Configuration;

/// <summary>
/// The settings the host reads when it runs in Azure. The infra test checks that the Bicep
/// template sets every one of them, so the two cannot drift apart silently.
/// </summary>
public static class DeploymentSettings
{
    /// <summary>Environment variables the container app must set.</summary>
    public static readonly IReadOnlyList<string> RequiredInAzure =
    [
        "Platform__Storage__Provider",        // azuretable
        "Platform__Storage__TableEndpoint",   // https://{account}.table.core.windows.net, reached with the managed identity
        "Platform__Storage__TableName",
        "Platform__ServiceId",
        "Platform__Seed",                      // false in production
        "Platform__OperatorKey",               // from a Key Vault secret, never a literal
        "AZURE_CLIENT_ID",                     // the user-assigned managed identity
        "ASPNETCORE_URLS",                     // http://+:8080
    ];

    /// <summary>Settings that must come from a secret reference, never a literal value in the template.</summary>
    public static readonly IReadOnlyList<string> FromSecrets = ["Platform__OperatorKey"];
}
