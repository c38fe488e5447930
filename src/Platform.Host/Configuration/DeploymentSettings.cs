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
        "Platform__Cluster__Provider",         // azuretable: the replicas form one Orleans cluster
        "Platform__Cluster__ClusterId",        // fixed per environment, shared by every replica and revision
        "Platform__Cluster__SiloPort",         // 11111, the container app's internal TCP port
        "Platform__Cluster__GatewayPort",      // 30000, not exposed: the HTTP gateway is co-hosted
    ];

    /// <summary>Settings that must come from a secret reference, never a literal value in the template.</summary>
    public static readonly IReadOnlyList<string> FromSecrets = ["Platform__OperatorKey"];
}
