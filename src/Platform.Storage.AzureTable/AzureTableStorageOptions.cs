using System.Text.RegularExpressions;
using Azure.Core;

namespace Platform.Storage.AzureTable;

/// <summary>
/// Where and how <see cref="AzureTableGrainStorage"/> stores grain states. Set either
/// <see cref="ConnectionString"/> (Shared Key: an account key, or <c>UseDevelopmentStorage=true</c>
/// for Azurite) or <see cref="TableEndpoint"/> (Microsoft Entra ID: a managed identity in production).
/// </summary>
public sealed partial class AzureTableStorageOptions
{
    /// <summary>The longest a single storage operation may take, retries included: a grain call waits 30 s.</summary>
    public static readonly TimeSpan MaxOperationTimeout = TimeSpan.FromSeconds(30);

    /// <summary>An Azure Storage connection string with AccountName and AccountKey (or UseDevelopmentStorage=true).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The table service address, e.g. <c>https://{account}.table.core.windows.net</c>, used with a
    /// Microsoft Entra ID token instead of a connection string. Must be https.
    /// </summary>
    public Uri? TableEndpoint { get; set; }

    /// <summary>
    /// The credential for <see cref="TableEndpoint"/>; when null, <c>DefaultAzureCredential</c> (which
    /// uses the managed identity on Azure; set AZURE_CLIENT_ID for a user-assigned one).
    /// The identity needs the "Storage Table Data Contributor" role on the account or table.
    /// </summary>
    public TokenCredential? TokenCredential { get; set; }

    /// <summary>The table holding every grain state; created on first use. 3–63 letters and digits, starting with a letter.</summary>
    public string TableName { get; set; } = "grainstate";

    /// <summary>Prefix of every PartitionKey, so several services (or environments) can share one table. Letters, digits and '-'.</summary>
    public string ServiceId { get; set; } = "intercoop";

    /// <summary>Attempts per operation, the first included (1 = no retry).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Delay before the first retry; it doubles for each further retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one HTTP attempt may take before it is abandoned and retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// The budget of one storage operation, every attempt and delay included; past it the operation
    /// fails with <c>StorageUnavailableException</c>. At most <see cref="MaxOperationTimeout"/>.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a pooled connection is reused, so DNS changes (failover) are picked up.</summary>
    public TimeSpan PooledConnectionLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is wrong.</summary>
    public void Validate()
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasConnectionString == (TableEndpoint is not null))
            throw new ArgumentException(
                "Set exactly one of ConnectionString (shared key, or UseDevelopmentStorage=true) and TableEndpoint (Microsoft Entra ID).");
        if (hasConnectionString && TokenCredential is not null)
            throw new ArgumentException("TokenCredential is used with TableEndpoint, not with a connection string.", nameof(TokenCredential));
        if (hasConnectionString)
            _ = TableConnectionString.Parse(ConnectionString!);
        else if (TableConnectionString.NormalizeEndpoint(TableEndpoint!, nameof(TableEndpoint), nameof(TableEndpoint)).Scheme != Uri.UriSchemeHttps)
            throw new ArgumentException("TableEndpoint must be https: bearer tokens are never sent in clear.", nameof(TableEndpoint));
        if (TableName is null || !TableNamePattern().IsMatch(TableName))
            throw new ArgumentException($"TableName '{TableName}' is not a valid table name (3–63 letters and digits, starting with a letter).", nameof(TableName));
        if (ServiceId is null || !ServiceIdPattern().IsMatch(ServiceId))
            throw new ArgumentException($"ServiceId '{ServiceId}' must be 1–64 letters, digits or '-'.", nameof(ServiceId));
        if (MaxAttempts is < 1 or > 10)
            throw new ArgumentException("MaxAttempts must be between 1 and 10.", nameof(MaxAttempts));
        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > TimeSpan.FromSeconds(5))
            throw new ArgumentException("RetryBaseDelay must be between 0 and 5 s.", nameof(RetryBaseDelay));
        if (OperationTimeout <= TimeSpan.Zero || OperationTimeout > MaxOperationTimeout)
            throw new ArgumentException($"OperationTimeout must be positive and at most {MaxOperationTimeout.TotalSeconds} s, the grain call timeout.", nameof(OperationTimeout));
        if (AttemptTimeout <= TimeSpan.Zero || AttemptTimeout > OperationTimeout)
            throw new ArgumentException("AttemptTimeout must be positive and at most OperationTimeout.", nameof(AttemptTimeout));
        if (PooledConnectionLifetime <= TimeSpan.Zero)
            throw new ArgumentException("PooledConnectionLifetime must be positive.", nameof(PooledConnectionLifetime));
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]{2,62}\z")]
    private static partial Regex TableNamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9-]{1,64}\z")]
    private static partial Regex ServiceIdPattern();
}
