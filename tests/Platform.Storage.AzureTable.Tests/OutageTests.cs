using System.Diagnostics;
using Orleans.Storage;
using Xunit.Abstractions;

namespace Platform.Storage.AzureTable.Tests;

/// <summary>Azurite stopped and started again under a live cluster: these tests own the fixture's process while they run.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OutageTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    // The defaults: connection refused, 3 retries after 0.2, 0.4 and 0.8 s (±20 %), so about 2 s; the bound is generous for a loaded machine.
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WriteDuringAnOutageFailsFastAsStoreUnavailableChangesNothingAndTheSameClusterRecovers()
    {
        var key = Names.NewTenant() + "/outage";
        var grain = azurite.Cluster.Grains.GetGrain<INoteGrain>(key);
        var before = await grain.SetAsync("before");
        var partitionKey = StockTableLayout.PartitionKey(azurite.Cluster.ServiceId, "note", key);
        var fresh = azurite.Cluster.Grains.GetGrain<INoteGrain>(Names.NewTenant() + "/never-read");

        await azurite.StopAsync();
        StoreUnavailableException writeFailure, activationFailure;
        bool reachable;
        TimeSpan writeTook;
        try
        {
            var started = Stopwatch.StartNew();
            writeFailure = await Assert.ThrowsAsync<StoreUnavailableException>(() => grain.SetAsync("during"));
            writeTook = started.Elapsed;
            // An activation that cannot load its state fails the call the same way.
            activationFailure = await Assert.ThrowsAsync<StoreUnavailableException>(() => fresh.GetAsync());
            reachable = await azurite.Cluster.TenantStore().IsReachableAsync(CancellationToken.None);
            await Assert.ThrowsAsync<StoreUnavailableException>(() => azurite.Cluster.TenantStore(1).ExportAllAsync(Names.NewTenant()));
        }
        finally
        {
            await azurite.StartAsync();
        }

        output.WriteLine($"write failed after {writeTook}: {writeFailure.Message}");
        output.WriteLine($"activation: {activationFailure.Message}");
        Assert.True(writeTook < s_bound, $"the write took {writeTook} to fail");
        Assert.Contains("Not acknowledged", writeFailure.Message, StringComparison.Ordinal);
        Assert.False(reachable);
        // Nothing of the failed write is stored.
        var row = await azurite.Raw.GetAsync(partitionKey, "s");
        Assert.Equal(before.ETag, row!.ETag.ToString());
        // Same cluster, same activation: its ETag is still the stored one, so its next write goes through.
        Assert.True(await azurite.Cluster.TenantStore().IsReachableAsync(CancellationToken.None));
        var after = await grain.SetAsync("after");
        Assert.Equal(before.Activation, after.Activation);
        Assert.Equal("after", (await fresh.SetAsync("after")).Text);
        await grain.DeactivateAsync();
        Assert.Equal("after", (await grain.GetAsync()).Text);
    }

    [Fact]
    public async Task AConflictStillReadsAsAConflictRightAfterAnOutage()
    {
        var replica = await azurite.ReplicaAsync();
        var key = Names.NewTenant() + "/after-outage";
        await azurite.Cluster.Grains.GetGrain<INoteGrain>(key).SetAsync("v1");
        await replica.Grains.GetGrain<INoteGrain>(key).GetAsync();

        await azurite.StopAsync();
        try
        {
            await Assert.ThrowsAsync<StoreUnavailableException>(() => azurite.Cluster.Grains.GetGrain<INoteGrain>(key).SetAsync("lost"));
        }
        finally
        {
            await azurite.StartAsync();
        }

        await azurite.Cluster.Grains.GetGrain<INoteGrain>(key).SetAsync("v2");
        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => replica.Grains.GetGrain<INoteGrain>(key).SetAsync("stale"));
        Assert.Equal("v2", (await replica.Grains.GetGrain<INoteGrain>(key).GetAsync()).Text);
    }

    [Fact]
    public async Task SiloDoesNotStartWhileTheStoreIsDown()
    {
        await azurite.StopAsync();
        Exception refused;
        TimeSpan took;
        try
        {
            var started = Stopwatch.StartNew();
            refused = await Assert.ThrowsAnyAsync<Exception>(() =>
                AzuriteCluster.StartAsync(azurite.ConnectionString, Names.NewTable("down"), Names.NewServiceId(), silos: 1));
            took = started.Elapsed;
        }
        finally
        {
            await azurite.StartAsync();
        }

        output.WriteLine($"{took}: {refused}");
        Assert.True(took < TimeSpan.FromSeconds(10), $"took {took}");
    }
}
