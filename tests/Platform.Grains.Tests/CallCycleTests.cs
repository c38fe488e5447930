using Platform.Abstractions;
using Platform.Testing;
using static Platform.Grains.Tests.Federations.FederationWorld;

namespace Platform.Grains.Tests;

/// <summary>A grain that calls another grain back: the shape no platform grain may have.</summary>
public interface IPingPongGrain : IGrainWithStringKey
{
    Task<int> PingAsync(string partner, int hops);
}

public sealed class PingPongGrain : Grain, IPingPongGrain
{
    public async Task<int> PingAsync(string partner, int hops) =>
        hops == 0 ? 0 : 1 + await GrainFactory.GetGrain<IPingPongGrain>(partner).PingAsync(this.GetPrimaryKeyString(), hops - 1);
}

/// <summary>
/// Orleans has no deadlock detection: A → B → A waits for the response timeout. The platform's
/// calls go one way (down the tenant hierarchy, or to platform-wide registries that call only
/// tenant grains), so none can cycle. These tests show that a cycle would fail the suite rather
/// than pass unnoticed, and run the deepest chain of the federation area (the deepest of all).
/// </summary>
public sealed class CallCycleTests
{
    [Fact]
    public async Task ACallCycleFailsAsATimeoutInTheTestCluster()
    {
        await using var cluster = await PlatformTestCluster.StartAsync();

        await Assert.ThrowsAsync<TimeoutException>(() => cluster.Grains.GetGrain<IPingPongGrain>("a").PingAsync("b", 2));
    }

    [Fact]
    public async Task NetworkStatisticsThreeLevelsDeepCompleteWithoutACycle()
    {
        // Confederation → regional groupings → their member organisations, with the registry between each level.
        await using var world = await CreateAsync();
        var confederation = await world.CreateFederationAsync("confederation");
        foreach (var region in new[] { "region-a", "region-b" })
        {
            var grouping = await world.CreateFederationAsync(region);
            await grouping.AddMemberAsync(Member($"{region}-org", registryId: "1170000001"));
            await world.Registry.RequestAsync(region, "confederation");
            await world.Registry.AcceptAsync("confederation", region);
            var local = await world.CreateFederationAsync($"{region}-local");
            await local.AddMemberAsync(Member($"{region}-local-org"));
            await world.Registry.RequestAsync($"{region}-local", region);
            await world.Registry.AcceptAsync(region, $"{region}-local");
        }

        var network = await confederation.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime);

        // The two groupings share one registry number: counted once; each local federation adds one.
        Assert.Equal(3, network.Members.Active);
    }
}
