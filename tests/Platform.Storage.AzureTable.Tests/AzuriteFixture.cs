using Platform.Testing;

namespace Platform.Storage.AzureTable.Tests;

/// <summary>
/// A real Azurite table service (see <see cref="AzuriteProcess"/>: installed from package-lock.json, on a free port,
/// stoppable and restartable for the outage tests) and one two-silo Orleans cluster on it, shared by the collection.
/// Tests keep apart by their own tenants and keys; those that need another cluster start their own.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;
    private AzuriteCluster? _cluster;
    private AzuriteCluster? _replica;

    private AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite is not started.");

    public string ConnectionString => Azurite.ConnectionString;
    public bool IsRunning => Azurite.IsRunning;

    /// <summary>Two silos, ServiceId and table of their own.</summary>
    public AzuriteCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public RawTable Raw => new(ConnectionString, Cluster.TableName);

    /// <summary>
    /// A second cluster (one silo) with the same ServiceId and table as <see cref="Cluster"/>: another deployment
    /// writing the same rows, so one grain can be active twice at once, as in a split brain or a rolling upgrade.
    /// </summary>
    public async Task<AzuriteCluster> ReplicaAsync() =>
        _replica ??= await AzuriteCluster.StartAsync(ConnectionString, Cluster.TableName, Cluster.ServiceId, silos: 1);

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartNewAsync();
        _cluster = await AzuriteCluster.StartAsync(ConnectionString, Names.NewTable(), Names.NewServiceId("intercoop"));
    }

    public async Task DisposeAsync()
    {
        if (_replica is not null) await _replica.DisposeAsync();
        if (_cluster is not null) await _cluster.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
    }

    public Task StartAsync() => Azurite.StartAsync();
    public Task StopAsync() => Azurite.StopAsync();
    public string Output() => Azurite.Output();
}

/// <summary>Every test that talks to Azurite shares one instance and runs one at a time (the outage tests stop it).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
