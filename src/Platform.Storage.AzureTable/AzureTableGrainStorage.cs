using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Runtime;

namespace Platform.Storage.AzureTable;

/// <summary>
/// Grain storage on Azure Table Storage, over its REST API. One entity per grain state:
/// PartitionKey = <c>{serviceId}_{tenant}</c>, RowKey = <c>{type}__{key}__{state}</c> (see
/// <see cref="TableKeys"/>), the state compressed and chunked into binary properties (see
/// <see cref="StateEntity"/>).
///
/// Concurrency is the service's ETag: insert when this activation holds no ETag, replace or delete
/// with <c>If-Match</c> otherwise. A refused condition is an <see cref="InconsistentStateException"/>
/// and changes nothing, which is what keeps several host replicas on one table correct.
/// Transient failures are retried within <see cref="AzureTableStorageOptions.OperationTimeout"/>,
/// then surface as <see cref="StorageUnavailableException"/>; an entity write is atomic, so a state
/// is never half-written.
/// </summary>
public sealed class AzureTableGrainStorage : IGrainStorage, IGrainStorageAdmin, IDisposable
{
    // Exported entities can each hold ~1.3 MB of JSON on the wire; small pages bound the memory an export holds.
    private const int ExportPageSize = 32;
    private const int DeletePageSize = 1000;
    private const int DeleteParallelism = 8;

    private readonly GrainStateSerializer _serializer;
    private readonly TableHttp _http;
    private readonly string _tableName;
    private readonly string _serviceId;
    private readonly SemaphoreSlim _tableCreation = new(1, 1);
    private volatile bool _tableExists;

    public AzureTableGrainStorage(
        AzureTableStorageOptions options, GrainStateSerializer serializer,
        ILogger<AzureTableGrainStorage>? logger = null, TimeProvider? timeProvider = null)
        : this(options, serializer, CreateHandler(options), disposeHandler: true, logger, timeProvider)
    {
    }

    /// <summary>With a given handler: tests put a fault-injecting handler under the store.</summary>
    internal AzureTableGrainStorage(
        AzureTableStorageOptions options, GrainStateSerializer serializer, HttpMessageHandler handler, bool disposeHandler,
        ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        options.Validate();
        timeProvider ??= TimeProvider.System;
        _serializer = serializer;
        _tableName = options.TableName;
        _serviceId = options.ServiceId;

        Uri endpoint;
        TableRequestAuthorizer authorizer;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            var account = TableConnectionString.Parse(options.ConnectionString);
            endpoint = account.TableEndpoint;
            authorizer = new SharedKeyAuthorizer(account.AccountName, account.AccountKey);
        }
        else
        {
            endpoint = TableConnectionString.NormalizeEndpoint(options.TableEndpoint!, nameof(options.TableEndpoint), nameof(options.TableEndpoint));
            authorizer = new BearerTokenAuthorizer(options.TokenCredential ?? new DefaultAzureCredential(), timeProvider);
        }
        Endpoint = endpoint;
        _http = new TableHttp(endpoint, authorizer, options, handler, disposeHandler, timeProvider,
            logger ?? NullLogger<AzureTableGrainStorage>.Instance);
    }

    /// <summary>The table service address in use (for diagnostics; it never holds a secret).</summary>
    public Uri Endpoint { get; }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = TableKeys.For(_serviceId, stateName, grainId);
        await EnsureTableAsync(CancellationToken.None).ConfigureAwait(false);
        var stored = await ReadEntityAsync(key, CancellationToken.None).ConfigureAwait(false);
        if (stored is null)
        {
            grainState.State = GrainStateSerializer.CreateEmpty<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        grainState.State = _serializer.Deserialize<T>(stored.Value.Entity.Json);
        grainState.ETag = stored.Value.ETag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // Everything that can refuse the state happens before the first request.
        var key = TableKeys.For(_serviceId, stateName, grainId);
        var json = _serializer.Serialize(grainState.State);
        var compressed = StateEntity.Compress(json, grainId, stateName);
        var writeId = Guid.NewGuid().ToString("N");
        var body = StateEntity.Serialize(key, compressed, json.Length, writeId);
        var heldETag = grainState.ETag;

        await EnsureTableAsync(CancellationToken.None).ConfigureAwait(false);
        TableResponse response;
        if (heldETag is null)
        {
            var insert = new TableRequest(HttpMethod.Post, _tableName) { Body = body, ReturnNoContent = true };
            response = await _http.SendAsync("insert", insert, CancellationToken.None).ConfigureAwait(false);
            if (IsTableNotFound(response))
            {
                // The table was deleted under us: create it again and insert once more.
                _tableExists = false;
                await EnsureTableAsync(CancellationToken.None).ConfigureAwait(false);
                response = await _http.SendAsync("insert", insert, CancellationToken.None).ConfigureAwait(false);
            }
        }
        else
        {
            var replace = new TableRequest(HttpMethod.Put, EntityPath(key)) { Body = body, IfMatch = heldETag };
            response = await _http.SendAsync("replace", replace, CancellationToken.None).ConfigureAwait(false);
        }

        if (response.IsSuccess)
        {
            grainState.ETag = response.ETag ?? throw MissingETag("write", grainId);
            grainState.RecordExists = true;
            return;
        }
        if (IsTooLarge(response))
            throw new GrainStateTooLargeException(
                $"The state '{stateName}' of grain {grainId} was not written: the service refused the entity as too large " +
                $"({(int)response.Status} {response.ErrorCode}; {compressed.Length:N0} bytes compressed). Split the state.");
        var refused = heldETag is null
            ? response.Status == HttpStatusCode.Conflict
            : response.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound;
        if (!refused) throw Unexpected(heldETag is null ? "insert" : "replace", response);

        // A retried write whose earlier attempt went through is refused by its own success: the
        // write id tells that apart from someone else's write.
        if (response.EarlierAttemptMayHaveApplied
            && await ReadEntityAsync(key, CancellationToken.None).ConfigureAwait(false) is { } current
            && current.Entity.WriteId == writeId)
        {
            grainState.ETag = current.ETag;
            grainState.RecordExists = true;
            return;
        }
        throw Conflict("write", stateName, grainId, heldETag, response);
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = TableKeys.For(_serviceId, stateName, grainId);
        var heldETag = grainState.ETag;
        await EnsureTableAsync(CancellationToken.None).ConfigureAwait(false);
        if (heldETag is null)
        {
            // This activation believes nothing is stored; that must still be true, as in the other stores.
            var probe = new TableRequest(HttpMethod.Get, EntityPath(key) + "?$select=RowKey");
            var response = await _http.SendAsync("read", probe, CancellationToken.None).ConfigureAwait(false);
            if (response.IsSuccess)
                throw new InconsistentStateException(
                    $"ETag mismatch for {grainId} ({stateName}): a record is stored, but this activation held none.",
                    response.ETag, null);
            if (response.Status != HttpStatusCode.NotFound) throw Unexpected("read", response);
        }
        else
        {
            var delete = new TableRequest(HttpMethod.Delete, EntityPath(key)) { IfMatch = heldETag };
            var response = await _http.SendAsync("delete", delete, CancellationToken.None).ConfigureAwait(false);
            // Gone after an attempt that may have deleted it: the record is absent either way, as asked.
            var deletedEarlier = response.Status == HttpStatusCode.NotFound && response.EarlierAttemptMayHaveApplied;
            if (!response.IsSuccess && !deletedEarlier)
            {
                if (response.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
                    throw Conflict("clear", stateName, grainId, heldETag, response);
                throw Unexpected("delete", response);
            }
        }
        grainState.State = GrainStateSerializer.CreateEmpty<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public async IAsyncEnumerable<StoredGrainState> ExportPartitionAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partition);
        var partitionKey = TableKeys.PartitionKeyOf(_serviceId, partition);
        string? nextPartitionKey = null, nextRowKey = null;
        do
        {
            var page = await QueryPartitionAsync(partitionKey, ExportPageSize, select: null, nextPartitionKey, nextRowKey, cancellationToken)
                .ConfigureAwait(false);
            if (page is null) yield break;
            foreach (var entity in page.Value.Entities)
            {
                var stored = StateEntity.Deserialize(entity);
                var etag = entity.TryGetProperty("odata.etag", out var e) ? e.GetString() : null;
                var (grainType, key, stateName) = ParseRowKey(stored.RowKey);
                yield return new StoredGrainState(grainType, key, stateName,
                    etag ?? throw new CorruptStateException($"Azure Table entity '{stored.RowKey}' came without an ETag."),
                    Encoding.UTF8.GetString(stored.Json));
            }
            (nextPartitionKey, nextRowKey) = (page.Value.NextPartitionKey, page.Value.NextRowKey);
        }
        while (nextPartitionKey is not null || nextRowKey is not null);
    }

    public async Task<int> DeletePartitionAsync(string partition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partition);
        var partitionKey = TableKeys.PartitionKeyOf(_serviceId, partition);
        var deleted = 0;
        string? nextPartitionKey = null, nextRowKey = null;
        do
        {
            var page = await QueryPartitionAsync(partitionKey, DeletePageSize, select: "RowKey", nextPartitionKey, nextRowKey, cancellationToken)
                .ConfigureAwait(false);
            if (page is null) return deleted;
            var rowKeys = page.Value.Entities.Select(e => e.GetProperty("RowKey").GetString()!).ToList();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = DeleteParallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(rowKeys, parallel, async (rowKey, token) =>
            {
                // Unconditional: the whole tenant is going, whatever its states' versions.
                var delete = new TableRequest(HttpMethod.Delete, EntityPath(new TableEntityKey(partitionKey, rowKey))) { IfMatch = "*" };
                var response = await _http.SendAsync("delete", delete, token).ConfigureAwait(false);
                if (response.IsSuccess) Interlocked.Increment(ref deleted);
                else if (response.Status != HttpStatusCode.NotFound) throw Unexpected("delete", response);
            }).ConfigureAwait(false);
            (nextPartitionKey, nextRowKey) = (page.Value.NextPartitionKey, page.Value.NextRowKey);
        }
        while (nextPartitionKey is not null || nextRowKey is not null);
        return deleted;
    }

    /// <summary>One attempt each (a health check should answer fast): the table exists or can be made, and a query answers.</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureTableAsync(cancellationToken, retry: false).ConfigureAwait(false);
            var probe = new TableRequest(HttpMethod.Get, $"{_tableName}()?$top=1&$select=PartitionKey");
            var response = await _http.SendAsync("probe", probe, cancellationToken, retry: false).ConfigureAwait(false);
            return response.IsSuccess;
        }
        catch (Exception)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _tableCreation.Dispose();
    }

    private async Task<(StoredEntity Entity, string ETag)?> ReadEntityAsync(TableEntityKey key, CancellationToken cancellationToken)
    {
        var response = await _http.SendAsync("read", new TableRequest(HttpMethod.Get, EntityPath(key)), cancellationToken).ConfigureAwait(false);
        if (response.Status == HttpStatusCode.NotFound)
        {
            if (IsTableNotFound(response)) _tableExists = false;
            return null;
        }
        if (!response.IsSuccess) throw Unexpected("read", response);
        using var document = ParseBody(response, key.RowKey);
        var entity = StateEntity.Deserialize(document.RootElement);
        return (entity, response.ETag ?? throw new CorruptStateException($"Azure Table entity '{key.RowKey}' was read without an ETag."));
    }

    private readonly record struct QueryPage(List<JsonElement> Entities, string? NextPartitionKey, string? NextRowKey);

    /// <summary>One page of a partition; null when the table does not exist (so neither does the partition).</summary>
    private async Task<QueryPage?> QueryPartitionAsync(
        string partitionKey, int top, string? select, string? nextPartitionKey, string? nextRowKey, CancellationToken cancellationToken)
    {
        var query = new StringBuilder($"{_tableName}()?$filter=")
            .Append(Uri.EscapeDataString($"PartitionKey eq '{partitionKey.Replace("'", "''", StringComparison.Ordinal)}'"))
            .Append("&$top=").Append(top);
        if (select is not null) query.Append("&$select=").Append(Uri.EscapeDataString(select));
        if (nextPartitionKey is not null) query.Append("&NextPartitionKey=").Append(Uri.EscapeDataString(nextPartitionKey));
        if (nextRowKey is not null) query.Append("&NextRowKey=").Append(Uri.EscapeDataString(nextRowKey));
        var request = new TableRequest(HttpMethod.Get, query.ToString()) { Accept = TableRequest.MinimalMetadata };
        var response = await _http.SendAsync("query", request, cancellationToken).ConfigureAwait(false);
        if (IsTableNotFound(response)) return null;
        if (!response.IsSuccess) throw Unexpected("query", response);
        using var document = ParseBody(response, partitionKey);
        // Cloned so the elements outlive the document.
        var entities = document.RootElement.GetProperty("value").EnumerateArray().Select(e => e.Clone()).ToList();
        return new QueryPage(entities, response.NextPartitionKey, response.NextRowKey);
    }

    private async ValueTask EnsureTableAsync(CancellationToken cancellationToken, bool retry = true)
    {
        if (_tableExists) return;
        await _tableCreation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_tableExists) return;
            var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = _tableName });
            var create = new TableRequest(HttpMethod.Post, "Tables") { Body = body, ReturnNoContent = true };
            var response = await _http.SendAsync("create table", create, cancellationToken, retry).ConfigureAwait(false);
            if (!response.IsSuccess && !(response.Status == HttpStatusCode.Conflict && response.ErrorCode == "TableAlreadyExists"))
                throw Unexpected("create table", response);
            // Only a success is remembered: after a failure the next operation tries again.
            _tableExists = true;
        }
        finally
        {
            _tableCreation.Release();
        }
    }

    private string EntityPath(TableEntityKey key) =>
        // Escaped keys hold only letters, digits, '.', '-' and '_': nothing to quote or URL-encode.
        $"{_tableName}(PartitionKey='{key.PartitionKey}',RowKey='{key.RowKey}')";

    // Azure sizes an entity by its data; Azurite (on replace) by the JSON body, where binary is base64, a third larger.
    private static bool IsTooLarge(TableResponse response) =>
        response.Status == HttpStatusCode.RequestEntityTooLarge
        || response.Status == HttpStatusCode.BadRequest
           && response.ErrorCode is "EntityTooLarge" or "PropertyValueTooLarge" or "RequestBodyTooLarge";

    private static bool IsTableNotFound(TableResponse response) =>
        response.Status == HttpStatusCode.NotFound && response.ErrorCode == "TableNotFound";

    private static (string GrainType, string Key, string StateName) ParseRowKey(string rowKey)
    {
        try
        {
            return TableKeys.ParseRowKey(rowKey);
        }
        catch (FormatException e)
        {
            throw new CorruptStateException($"Azure Table RowKey '{rowKey}' was not written by this store: {e.Message}");
        }
    }

    private static JsonDocument ParseBody(TableResponse response, string what)
    {
        try
        {
            return JsonDocument.Parse(response.Body);
        }
        catch (JsonException e)
        {
            throw new CorruptStateException($"Azure Table answered unreadable JSON for '{what}': {e.Message}");
        }
    }

    private static InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? heldETag, TableResponse response)
    {
        var stored = response.Status switch
        {
            HttpStatusCode.Conflict => "a record already exists",
            HttpStatusCode.NotFound => "no record is stored",
            _ => "the stored record has changed",
        };
        return new InconsistentStateException(
            $"ETag mismatch for {grainId} ({stateName}) on {operation}: {stored}, this activation held {heldETag ?? "none"} " +
            $"({(int)response.Status} {response.ErrorCode}).",
            null, heldETag);
    }

    private static InvalidOperationException Unexpected(string operation, TableResponse response)
    {
        var detail = response.Body.Length is > 0 and < 2048 ? Encoding.UTF8.GetString(response.Body) : "";
        return new InvalidOperationException(
            $"Azure Table {operation} answered {(int)response.Status} {response.ErrorCode}. {detail}".TrimEnd());
    }

    private static InvalidOperationException MissingETag(string operation, GrainId grainId) =>
        new($"Azure Table {operation} of {grainId} succeeded without returning an ETag.");

    private static SocketsHttpHandler CreateHandler(AzureTableStorageOptions options) => new()
    {
        // Reconnect now and then so DNS changes (a storage failover) are followed.
        PooledConnectionLifetime = options.PooledConnectionLifetime,
        ConnectTimeout = options.AttemptTimeout,
        AutomaticDecompression = DecompressionMethods.None,
        AllowAutoRedirect = false,
        UseCookies = false,
    };
}
