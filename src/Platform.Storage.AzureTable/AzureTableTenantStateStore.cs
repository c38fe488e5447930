using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Orleans.Storage;
using Platform.Abstractions;
using Platform.Abstractions.Storage;

namespace Platform.Storage.AzureTable;

/// <summary>
/// One tenant's grain states in the table Orleans's provider writes (layout: <see cref="StockTableLayout"/>), found by
/// two bounded PartitionKey queries per grain type, never a table scan:
/// <c>PartitionKey eq '{ServiceId}_{type}_{tenant}'</c> (the grain keyed <c>{tenant}</c>) and
/// <c>PartitionKey ge '{ServiceId}_{type}_{tenant}_' and PartitionKey lt '{ServiceId}_{type}_{tenant}`'</c>
/// (the grains keyed <c>{tenant}/…</c>). Both are ranges of the table's index, so a query reads the tenant's rows
/// and nothing else, and <c>reseau-coop</c>'s rows are in neither of <c>reseau</c>'s ranges.
/// (One <c>or</c> of the two would be one request, but the service does not promise to serve an <c>or</c> across
/// PartitionKeys as index ranges rather than a scan.)
/// </summary>
public sealed class AzureTableTenantStateStore : ITenantStateStore
{
    private const int ExportPageSize = 32; // a row can hold ~1 MB: small pages bound what an export holds in memory
    private const int KeyPageSize = 1000;
    private const int DeleteParallelism = 8;
    private static readonly string[] s_keyColumns = ["PartitionKey", "RowKey"];

    private readonly TableClient _table;
    private readonly Func<IEnumerable<string>> _grainTypes;
    private readonly Func<IGrainStorageSerializer> _serializer;
    private readonly TimeSpan _healthCheckTimeout;

    /// <param name="table">The table the provider writes, through the registration's shared client.</param>
    /// <param name="serviceId">The silo's ServiceId (the first part of every PartitionKey).</param>
    /// <param name="grainTypes">The grain types to look at (read at each call: the cluster manifest can grow).</param>
    /// <param name="serializer">The provider's storage serializer, to turn the stored bytes back into JSON.</param>
    /// <param name="healthCheckTimeout">How long <see cref="IsReachableAsync"/> waits.</param>
    public AzureTableTenantStateStore(
        TableClient table, string serviceId, Func<IEnumerable<string>> grainTypes, Func<IGrainStorageSerializer> serializer, TimeSpan healthCheckTimeout)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        _table = table;
        ServiceId = serviceId;
        _grainTypes = grainTypes ?? throw new ArgumentNullException(nameof(grainTypes));
        _serializer = serializer ?? throw new ArgumentNullException(nameof(serializer));
        _healthCheckTimeout = healthCheckTimeout;
    }

    public string ServiceId { get; }

    public string TableName => _table.Name;

    /// <summary>The grain types export and deletion look at, checked to be told apart by their PartitionKeys.</summary>
    public IReadOnlyList<string> GrainTypes()
    {
        var types = _grainTypes().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        // "{type}_…" PartitionKeys of type "a" and those of a type "a_b" (or "a/b") can be the same string: a row of
        // either could belong to the other's tenant. Refuse to guess.
        foreach (var shorter in types)
        {
            var prefix = StockTableLayout.GrainTypePrefix(ServiceId, shorter);
            if (types.FirstOrDefault(t => t != shorter && StockTableLayout.GrainTypePrefix(ServiceId, t).StartsWith(prefix, StringComparison.Ordinal)) is { } longer)
                throw new InvalidOperationException(
                    $"Grain types '{shorter}' and '{longer}' share PartitionKey prefixes in Azure Table storage (the provider writes '/', '\\', '#', '?' as '_'), " +
                    "so a tenant's rows of one cannot be told from the other's. Rename one grain type ([GrainType]) without '_', '/', '\\', '#' or '?'.");
        }
        return types;
    }

    public async IAsyncEnumerable<StoredGrainState> ExportTenantAsync(string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        RequireTenantId(tenantId);
        var serializer = _serializer();
        foreach (var grainType in GrainTypes())
            foreach (var filter in TenantFilters(grainType, tenantId))
                await foreach (var entity in QueryAsync(filter, select: null, ExportPageSize, tenantId, cancellationToken).ConfigureAwait(false))
                    yield return ToStored(entity, grainType, tenantId, serializer);
    }

    /// <summary>
    /// Unconditional deletes (the whole tenant goes, whatever its states' versions), 8 at a time. Not atomic: stop the
    /// tenant's traffic first, or an activation still alive may write its state back afterwards.
    /// (Each grain state is its own partition, so entity group transactions cannot batch them.)
    /// </summary>
    public async Task<int> DeleteTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        RequireTenantId(tenantId);
        var deleted = 0;
        foreach (var grainType in GrainTypes())
        {
            var keys = new List<(string PartitionKey, string RowKey)>();
            foreach (var filter in TenantFilters(grainType, tenantId))
                await foreach (var entity in QueryAsync(filter, s_keyColumns, KeyPageSize, tenantId, cancellationToken).ConfigureAwait(false))
                    keys.Add((entity.PartitionKey, entity.RowKey));

            var parallel = new ParallelOptions { MaxDegreeOfParallelism = DeleteParallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(keys, parallel, async (key, token) =>
            {
                Response response;
                try
                {
                    response = await _table.DeleteEntityAsync(key.PartitionKey, key.RowKey, ETag.All, token).ConfigureAwait(false);
                }
                catch (Exception e) when (!token.IsCancellationRequested && Unavailable(e, "deletion", tenantId) is { } unavailable)
                {
                    throw unavailable;
                }
                // 404: already gone (a concurrent deletion); not counted.
                if (response.Status is >= 200 and < 300) Interlocked.Increment(ref deleted);
            }).ConfigureAwait(false);
        }
        return deleted;
    }

    /// <summary>One point read of a key no grain uses, within <see cref="PlatformTableStorageSettings.HealthCheckTimeout"/>; false instead of an exception.</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_healthCheckTimeout);
        try
        {
            // No grain's PartitionKey is the bare "{ServiceId}_": a 404 comes back at once, and it proves the service answers.
            await _table.GetEntityIfExistsAsync<TableEntity>(ServiceId + "_", "health", s_keyColumns, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private IEnumerable<string> TenantFilters(string grainType, string tenantId)
    {
        var (exact, rangeStart, rangeEnd) = StockTableLayout.TenantPartitionKeys(ServiceId, grainType, tenantId);
        yield return TableClient.CreateQueryFilter($"PartitionKey eq {exact}");
        yield return TableClient.CreateQueryFilter($"PartitionKey ge {rangeStart} and PartitionKey lt {rangeEnd}");
    }

    /// <summary>The rows a filter matches, page by page; an outage as <see cref="StoreUnavailableException"/>, a missing table as no rows.</summary>
    private async IAsyncEnumerable<TableEntity> QueryAsync(
        string filter, IEnumerable<string>? select, int pageSize, string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = _table.QueryAsync<TableEntity>(filter, pageSize, select, cancellationToken).AsPages().GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await pages.MoveNextAsync().ConfigureAwait(false);
                }
                catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode == "TableNotFound")
                {
                    more = false;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && Unavailable(e, "export", tenantId) is { } unavailable)
                {
                    throw unavailable;
                }
                if (!more) yield break;
                foreach (var entity in pages.Current.Values) yield return entity;
            }
        }
        finally
        {
            await pages.DisposeAsync().ConfigureAwait(false);
        }
    }

    private StoredGrainState ToStored(TableEntity entity, string grainType, string tenantId, IGrainStorageSerializer serializer)
    {
        var key = StockTableLayout.GrainKeyOf(entity.PartitionKey, ServiceId, grainType, tenantId);
        return new StoredGrainState(grainType, key, entity.RowKey, entity.ETag.ToString(), Json(entity, grainType, key, serializer));
    }

    private static string Json(TableEntity entity, string grainType, string key, IGrainStorageSerializer serializer)
    {
        var payload = StockTableLayout.ReadPayload(entity);
        if (payload.Length == 0) return "null"; // a row cleared in place (DeleteStateOnClear off): no state
        try
        {
            // Decoded by the provider's own serializer, so the export is what the grain would read, as JSON text.
            return serializer.Deserialize<JsonElement>(new BinaryData(payload)).GetRawText();
        }
        catch (Exception e)
        {
            throw new InvalidDataException(
                $"The state '{entity.RowKey}' of grain {grainType}/{key} could not be read as JSON by the grain storage serializer " +
                $"({serializer.GetType().FullName}); the Azure Table store needs a JSON storage serializer.", e);
        }
    }

    private static void RequireTenantId(string tenantId)
    {
        // Also what makes the ranges exact: no '_', '/' or other character the provider rewrites, and never a
        // platform-wide key ('_directory', …).
        if (!Ids.IsValid(tenantId))
            throw new ArgumentException($"'{tenantId}' is not a tenant id (^[a-z0-9][a-z0-9-]{{0,62}}$).", nameof(tenantId));
    }

    private static StoreUnavailableException? Unavailable(Exception e, string operation, string tenantId) =>
        PlatformAzureTableGrainStorage.IsOutage(e, out var detail)
            ? new StoreUnavailableException($"Azure Table storage did not complete the {operation} of tenant '{tenantId}': {detail}.", e)
            : null;
}
