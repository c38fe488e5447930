using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;
using Platform.Abstractions;
using Platform.Abstractions.Storage;
using Platform.Grains;
using Platform.Grains.Storage;

namespace Platform.Testing;

/// <summary>
/// A real Orleans cluster of two in-process silos with every platform grain, on Orleans's memory
/// store, and a business clock a test moves by hand. Calls go through the cluster's client, so a
/// grain may be activated on either silo and every argument and answer is serialized as it would
/// be between two hosts.
/// </summary>
public sealed class PlatformTestCluster : IAsyncDisposable
{
    private PlatformTestCluster(InProcessTestCluster cluster, ManualTimeProvider clock)
    {
        Cluster = cluster;
        Clock = clock;
    }

    /// <summary>How long a grain call may take in tests before it fails as a timeout (a call cycle ends this way).</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    public InProcessTestCluster Cluster { get; }

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The calendar the grains read (<see cref="BusinessClock"/>); Orleans's own timers keep real time.</summary>
    public ManualTimeProvider Clock { get; }

    public static async Task<PlatformTestCluster> StartAsync(
        Action<ISiloBuilder>? silo = null,
        ManualTimeProvider? clock = null,
        short silos = 2)
    {
        clock ??= new ManualTimeProvider();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        // Orleans has no deadlock detection: a call cycle waits for the response timeout. Short
        // here, so a cycle introduced in a grain fails its tests in seconds, naming the call.
        builder.ConfigureSilo((_, siloBuilder) =>
        {
            siloBuilder.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = CallTimeout);
            siloBuilder.Services.AddPlatformGrains();
            siloBuilder.Services.RemoveAll<BusinessClock>();
            siloBuilder.Services.AddSingleton(new BusinessClock(clock));
            siloBuilder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            siloBuilder.AddPlatformMemoryStorage();
            silo?.Invoke(siloBuilder);
        });
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = CallTimeout));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new PlatformTestCluster(cluster, clock);
    }

    /// <summary>Every state of a tenant stored through any silo, as the store's export gives it.</summary>
    public async Task<List<StoredGrainState>> StoredAsync(string tenantId)
    {
        var stored = new List<StoredGrainState>();
        foreach (var silo in Cluster.Silos)
        {
            var store = silo.ServiceProvider.GetRequiredService<ITenantStateStore>();
            await foreach (var state in store.ExportTenantAsync(tenantId, CancellationToken.None)) stored.Add(state);
        }
        return stored.DistinctBy(s => (s.GrainType, s.Key, s.StateName)).ToList();
    }

    /// <summary>Ends every activation of the platform's grains on every silo and waits for it: the next call loads from the store.</summary>
    public async Task DeactivateAllAsync()
    {
        var management = Grains.GetGrain<IManagementGrain>(0);
        foreach (var type in PlatformGrains.GrainTypes)
            foreach (var grain in await management.GetActiveGrains(GrainType.Create(type)))
                await Cluster.DeactivateAsync(grain);
    }

    public async ValueTask DisposeAsync()
    {
        // Bounded, so a test that left a call hanging fails instead of hanging the run.
        await Cluster.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }
}
