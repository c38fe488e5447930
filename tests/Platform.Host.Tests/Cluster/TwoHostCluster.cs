using Platform.Host.Tests.Infrastructure;
using Platform.Testing;

namespace Platform.Host.Tests.Cluster;

/// <summary>One gateway host of a two-host cluster: its silo joins <see cref="PrimarySiloPort"/> when set.</summary>
public sealed class ClusterMemberApp(int siloPort, int? primarySiloPort, string clusterId, IEnumerable<KeyValuePair<string, string?>> extra) : PlatformApp
{
    public int SiloPort { get; } = siloPort;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Platform:Cluster:SiloPort", SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Platform:Cluster:ClusterId", clusterId),
        .. primarySiloPort is { } primary ? [new KeyValuePair<string, string?>("Platform:Cluster:PrimarySiloPort", primary.ToString(System.Globalization.CultureInfo.InvariantCulture))] : Array.Empty<KeyValuePair<string, string?>>(),
        .. extra,
    ];

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Random placement, so the tests' grains land on both silos: the default, resource-optimised
        // placement may keep a quiet two-silo test cluster's grains on one silo, and the tests would
        // then never cross silos.
        builder.ConfigureServices(services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Orleans.Runtime.PlacementStrategy, Orleans.Runtime.RandomPlacement>(services));
    }
}

/// <summary>
/// Two gateway hosts, each with its co-hosted silo, forming one Orleans cluster in this process
/// (localhost clustering: the second silo joins the first). Orleans's memory store is itself
/// made of grains, so both hosts see one store, as replicas on one storage account do.
/// </summary>
public class TwoHostCluster : IAsyncLifetime
{
    public ClusterMemberApp A { get; private set; } = null!;
    public ClusterMemberApp B { get; private set; } = null!;

    /// <summary>Settings both hosts share (e.g. a small rate limit).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Shared => [];

    public async Task InitializeAsync()
    {
        var clusterId = $"two-hosts-{Guid.NewGuid():N}";
        A = new ClusterMemberApp(Loopback.FreePort(), null, clusterId, Shared);
        _ = A.Server; // starts host A (the primary silo) before B joins it
        B = new ClusterMemberApp(Loopback.FreePort(), A.SiloPort, clusterId, Shared);
        _ = B.Server;
        await WaitForTwoActiveSilosAsync();
    }

    private async Task WaitForTwoActiveSilosAsync()
    {
        var management = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<IGrainFactory>(A.Services).GetGrain<IManagementGrain>(0);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await management.GetHosts(onlyActive: true)).Count < 2)
        {
            if (timeout.IsCancellationRequested) Assert.Fail("Host B's silo did not join host A's cluster within 30 s.");
            await Task.Delay(100, CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}

public sealed class ThrottledTwoHostCluster : TwoHostCluster
{
    protected override IEnumerable<KeyValuePair<string, string?>> Shared =>
    [
        new("Platform:RateLimit:PermitsPerSecond", "1"),
        new("Platform:RateLimit:Burst", "6"),
    ];
}
