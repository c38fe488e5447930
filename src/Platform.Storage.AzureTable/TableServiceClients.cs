using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;

namespace Platform.Storage.AzureTable;

/// <summary>The one <see cref="TableServiceClient"/> a registration shares between Orleans's provider and the tenant store.</summary>
public static class TableServiceClients
{
    public static TableServiceClient Create(PlatformTableStorageSettings settings)
    {
        settings.Validate();
        var options = new TableClientOptions();
        // Azure.Core's retry policy: connection failures, network timeouts, 408, 429, 500, 502, 503 and 504 are
        // retried; other answers (409, 412, 404, 400…) are final and reach the provider at once.
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = settings.MaxRetries;
        options.Retry.Delay = settings.RetryDelay;
        options.Retry.MaxDelay = settings.MaxRetryDelay;
        options.Retry.NetworkTimeout = settings.NetworkTimeout;
        settings.ConfigureClientOptions?.Invoke(options);

        if (!string.IsNullOrWhiteSpace(settings.ConnectionString))
            return new TableServiceClient(settings.ConnectionString, options);
        return new TableServiceClient(settings.TableEndpoint!, settings.Credential ?? ManagedIdentity(settings), options);
    }

    // A managed identity rather than DefaultAzureCredential: on Azure only the managed identity can be meant, and
    // DefaultAzureCredential would first try environment, workload identity and developer tool credentials, which
    // slows the first request and can pick up an identity nobody intended. Developers pass Credential themselves.
    private static TokenCredential ManagedIdentity(PlatformTableStorageSettings settings)
    {
        var clientId = settings.ManagedIdentityClientId ?? Environment.GetEnvironmentVariable("AZURE_CLIENT_ID");
        return new ManagedIdentityCredential(string.IsNullOrWhiteSpace(clientId)
            ? ManagedIdentityId.SystemAssigned
            : ManagedIdentityId.FromUserAssignedClientId(clientId));
    }
}
