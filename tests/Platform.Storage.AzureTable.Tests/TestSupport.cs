using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Platform.Abstractions.Storage;

namespace Platform.Storage.AzureTable.Tests;

/// <summary>A small System.Text.Json storage serializer, as the platform will register one: stable names, no type names.</summary>
public sealed class TestJsonStorageSerializer : IGrainStorageSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public BinaryData Serialize<T>(T? input) => BinaryData.FromObjectAsJson(input, Options);

    public T? Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>(Options);
}

/// <summary>Every request the table clients put on the wire (each retry too): method, path and $filter.</summary>
public sealed class RequestLog : HttpPipelinePolicy
{
    private readonly List<(string Method, string Path, string? Filter)> _requests = [];

    public IReadOnlyList<(string Method, string Path, string? Filter)> Snapshot()
    {
        lock (_requests) return [.. _requests];
    }

    public void Clear()
    {
        lock (_requests) _requests.Clear();
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Record(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        var filter = System.Web.HttpUtility.ParseQueryString(uri.Query)["$filter"];
        lock (_requests) _requests.Add((message.Request.Method.ToString(), uri.AbsolutePath, filter));
    }
}

/// <summary>One Orleans test cluster on Azurite, with the platform's Azure Table storage under <see cref="TestStorage.Name"/>.</summary>
public sealed class AzuriteCluster : IAsyncDisposable
{
    private AzuriteCluster(InProcessTestCluster cluster, string serviceId, string tableName, RequestLog requests)
    {
        Cluster = cluster;
        ServiceId = serviceId;
        TableName = tableName;
        Requests = requests;
    }

    public InProcessTestCluster Cluster { get; }
    public string ServiceId { get; }
    public string TableName { get; }

    /// <summary>The requests of every silo's table client.</summary>
    public RequestLog Requests { get; }

    public IGrainFactory Grains => Cluster.Client;

    public IServiceProvider SiloServices(int silo = 0) => Cluster.GetSiloServiceProvider(Cluster.Silos[silo].SiloAddress);

    public AzureTableTenantStateStore TenantStore(int silo = 0) => SiloServices(silo).GetRequiredKeyedService<AzureTableTenantStateStore>(TestStorage.Name);

    public IGrainStorage Storage(int silo = 0) => SiloServices(silo).GetRequiredKeyedService<IGrainStorage>(TestStorage.Name);

    public static async Task<AzuriteCluster> StartAsync(
        string connectionString, string tableName, string serviceId, short silos = 2,
        Action<PlatformTableStorageSettings>? settings = null, bool registerJsonSerializer = true)
    {
        var requests = new RequestLog();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            if (registerJsonSerializer) silo.Services.AddSingleton<IGrainStorageSerializer, TestJsonStorageSerializer>();
            var storage = new PlatformTableStorageSettings
            {
                ConnectionString = connectionString,
                TableName = tableName,
                ConfigureClientOptions = options => options.AddPolicy(requests, HttpPipelinePosition.PerRetry),
                // The stock provider's own layout and limits, byte for byte (compression has its own tests).
                Compress = false,
            };
            settings?.Invoke(storage);
            silo.AddPlatformAzureTableStorage(TestStorage.Name, storage);
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return new AzuriteCluster(cluster, serviceId, tableName, requests);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cluster.StopAllSilosAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await Cluster.DisposeAsync();
        }
    }
}

/// <summary>The table as the service holds it, read without Orleans.</summary>
public sealed class RawTable(string connectionString, string tableName)
{
    public TableClient Client { get; } = new TableServiceClient(connectionString).GetTableClient(tableName);

    public async Task<TableEntity?> GetAsync(string partitionKey, string rowKey)
    {
        var response = await Client.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>The rows whose PartitionKey starts with a prefix (a test's own range, never the whole table).</summary>
    public async Task<List<TableEntity>> StartingWithAsync(string prefix)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix + char.MaxValue}");
        var rows = new List<TableEntity>();
        await foreach (var row in Client.QueryAsync<TableEntity>(filter)) rows.Add(row);
        return rows;
    }
}

public static class Names
{
    /// <summary>A tenant id no other test uses (tests share tables).</summary>
    public static string NewTenant(string prefix = "t") => $"{prefix}{Guid.NewGuid():N}"[..16];

    public static string NewTable(string prefix = "grains") => prefix + Guid.NewGuid().ToString("N")[..10];

    public static string NewServiceId(string prefix = "svc") => $"{prefix}-{Guid.NewGuid():N}"[..16];
}

public static class TenantStoreExtensions
{
    public static async Task<List<StoredGrainState>> ExportAllAsync(this ITenantStateStore store, string tenantId)
    {
        var states = new List<StoredGrainState>();
        await foreach (var state in store.ExportTenantAsync(tenantId, CancellationToken.None)) states.Add(state);
        return states;
    }
}

/// <summary>What an activation holds for one state, for calling the storage directly.</summary>
public sealed class TestGrainState<T> : IGrainState<T> where T : new()
{
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public T State { get; set; } = new();
    public string? ETag { get; set; }
    public bool RecordExists { get; set; }
}
