using Azure.Core;
using Azure.Data.Tables;

namespace Platform.Storage.AzureTable;

/// <summary>
/// Where the grain states live and how hard to try when the service does not answer. Exactly one of
/// <see cref="ConnectionString"/> and <see cref="TableEndpoint"/> is set.
/// </summary>
public sealed class PlatformTableStorageSettings
{
    /// <summary>
    /// A storage connection string: <c>UseDevelopmentStorage=true</c> (Azurite on its well-known ports), Azurite's
    /// explicit form (<c>DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=…;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;</c>),
    /// or an account key string. For Azure, prefer <see cref="TableEndpoint"/> with a managed identity.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary><c>https://{account}.table.core.windows.net</c>, signed in with <see cref="Credential"/> (a managed identity unless set).</summary>
    public Uri? TableEndpoint { get; set; }

    /// <summary>
    /// The client id of a user-assigned managed identity. When unset, <c>AZURE_CLIENT_ID</c> is used if the
    /// environment has it (the Container App sets it, see infra/), else the system-assigned identity.
    /// Only used with <see cref="TableEndpoint"/> and no <see cref="Credential"/>.
    /// </summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Any other Entra ID credential for <see cref="TableEndpoint"/> (for example <c>AzureCliCredential</c> on a developer's machine).</summary>
    public TokenCredential? Credential { get; set; }

    /// <summary>The table; created at silo start if missing. 3–63 letters or digits, not starting with a digit.</summary>
    public string TableName { get; set; } = "grainstate";

    /// <summary>
    /// Brotli around the JSON of every row (<see cref="CompressedStateSerializer"/>), so that a
    /// federation of 10,000 members fits the 983,040-byte entity. On by default; off only for
    /// tests of the stock provider's own layout.
    /// </summary>
    public bool Compress { get; set; } = true;

    /// <summary>Retries after the first attempt of one request (connection failures, timeouts, 408, 429, 5xx).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry delay; it doubles each retry (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between two retries.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// One attempt (connect, send, answer). With the defaults a service that accepts connections and never answers
    /// fails a request after 4 × 4 s + 1.4 s of delays ≈ 17 s, inside Orleans's 30 s grain call timeout; a stopped
    /// service (connection refused) fails it within about 2 s.
    /// </summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>How long <see cref="AzureTableTenantStateStore.IsReachableAsync"/> waits before answering false.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The grain types whose states tenant export and deletion look at. Unset: every grain type in the cluster
    /// manifest (every grain class any silo hosts) except Orleans's own (<c>sys.*</c> and its <c>Orleans.*</c> classes). Set it to also reach states
    /// of grain types no silo hosts any more.
    /// </summary>
    public IReadOnlyList<string>? GrainTypes { get; set; }

    /// <summary>Last say on the client options, after the settings above (tests add a pipeline policy that counts requests).</summary>
    public Action<TableClientOptions>? ConfigureClientOptions { get; set; }

    internal void Validate()
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasConnectionString == (TableEndpoint is not null))
            throw new ArgumentException(
                $"Set exactly one of {nameof(ConnectionString)} (Azurite, account key) and {nameof(TableEndpoint)} (Entra ID) for Azure Table storage.");
        if (TableEndpoint is { } endpoint && !endpoint.IsAbsoluteUri)
            throw new ArgumentException($"{nameof(TableEndpoint)} must be an absolute URI such as https://{{account}}.table.core.windows.net (was '{endpoint}').");
        if (string.IsNullOrWhiteSpace(TableName))
            throw new ArgumentException($"{nameof(TableName)} is required.");
        if (MaxRetries < 0) throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "Must be 0 or more.");
        foreach (var (value, setting) in new[] { (RetryDelay, nameof(RetryDelay)), (MaxRetryDelay, nameof(MaxRetryDelay)), (NetworkTimeout, nameof(NetworkTimeout)), (HealthCheckTimeout, nameof(HealthCheckTimeout)) })
            if (value <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(setting, value, "Must be positive.");
    }
}
