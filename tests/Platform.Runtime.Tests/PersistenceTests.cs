using Microsoft.Extensions.DependencyInjection;

namespace Platform.Runtime.Tests;

public sealed class PersistenceTests
{
    private sealed class Held : IGrainState<CounterState>
    {
        public CounterState State { get; set; } = new();
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
    }

    [Fact]
    public async Task PersistentStateTracksEtagAndRecordExists()
    {
        await using var runtime = Runtimes.Create(out _, out _);
        var counter = runtime.Grains.GetGrain<ICounterGrain>("t/p");

        Assert.False(await counter.RecordExistsAsync());
        Assert.Null(await counter.EtagAsync());
        await counter.IncrementAsync();
        Assert.True(await counter.RecordExistsAsync());
        var first = await counter.EtagAsync();
        await counter.IncrementAsync();
        Assert.NotEqual(first, await counter.EtagAsync());

        await counter.ClearAsync();
        Assert.False(await counter.RecordExistsAsync());
        Assert.Equal(0, await counter.GetAsync());
    }

    [Fact]
    public async Task StaleEtagThrowsAndDeactivatesSoTheNextCallReloads()
    {
        await using var runtime = Runtimes.Create(out var probe, out _);
        var counter = runtime.Grains.GetGrain<ICounterGrain>("t/conflict");
        await counter.IncrementAsync();

        // Someone else (another replica) writes the same record behind this activation's back.
        var storage = runtime.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);
        var other = new Held();
        await storage.ReadStateAsync("counter", new GrainId("counter", "t/conflict"), other);
        other.State.Value = 100;
        await storage.WriteStateAsync("counter", new GrainId("counter", "t/conflict"), other);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => counter.IncrementAsync());
        Assert.Contains("ETag mismatch", error.Message);
        await probe.WhenRecorded("deactivate t/conflict InconsistentState");

        // The retry reaches a fresh activation that read 100.
        Assert.Equal(101, await counter.IncrementAsync());
    }

    [Fact]
    public async Task StoreRefusesWriteWithStaleEtagAndKeepsTheWinner()
    {
        await using var runtime = Runtimes.Create(out _, out _);
        var storage = runtime.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);
        var id = new GrainId("counter", "t/race");
        var a = new Held();
        var b = new Held();
        await storage.ReadStateAsync("counter", id, a);
        await storage.ReadStateAsync("counter", id, b);

        a.State.Value = 1;
        await storage.WriteStateAsync("counter", id, a);
        b.State.Value = 2;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", id, b));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("counter", id, b));

        var check = new Held();
        await storage.ReadStateAsync("counter", id, check);
        Assert.Equal(1, check.State.Value);
    }

    [Fact]
    public async Task MemoryStoreExportsAndDeletesOnePartitionOnly()
    {
        await using var runtime = Runtimes.Create(out _, out _);
        await runtime.Grains.GetGrain<ICounterGrain>("alpha/1").IncrementAsync();
        await runtime.Grains.GetGrain<ICounterGrain>("alpha/2").IncrementAsync();
        await runtime.Grains.GetGrain<ICounterGrain>("beta/1").IncrementAsync();
        var admin = runtime.Services.GetRequiredKeyedService<IGrainStorageAdmin>(GrainStorageNames.Default);

        var exported = await admin.ExportPartitionAsync("alpha", CancellationToken.None).ToListAsync();
        Assert.Equal(["alpha/1", "alpha/2"], exported.Select(e => e.Key));
        Assert.Contains("\"value\":1", exported[0].Json);

        Assert.Equal(2, await admin.DeletePartitionAsync("alpha", CancellationToken.None));
        Assert.Empty(await admin.ExportPartitionAsync("alpha", CancellationToken.None).ToListAsync());
        Assert.Single(await admin.ExportPartitionAsync("beta", CancellationToken.None).ToListAsync());
    }
}
