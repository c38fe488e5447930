using Microsoft.Extensions.DependencyInjection;
namespace Platform.Runtime.Tests;

public sealed class CollectionTests
{
    [Fact]
    public async Task IdleActivationIsCollectedAfterCollectionAge()
    {
        await using var runtime = Runtimes.Create(out var probe, out _, o => o.CollectionAge = TimeSpan.FromMinutes(15));
        var counter = runtime.Grains.GetGrain<ICounterGrain>("t/idle");
        await counter.IncrementAsync();

        runtime.Clock.Advance(TimeSpan.FromMinutes(14));
        await runtime.Runtime.CollectIdleActivationsAsync();
        Assert.True(runtime.Runtime.IsActive(new GrainId("counter", "t/idle")));

        runtime.Clock.Advance(TimeSpan.FromMinutes(1));
        await runtime.Runtime.CollectIdleActivationsAsync();
        Assert.False(runtime.Runtime.IsActive(new GrainId("counter", "t/idle")));
        Assert.Contains("deactivate t/idle Idle", probe.Snapshot());

        // The next call reactivates it with its state.
        Assert.Equal(1, await counter.GetAsync());
    }

    [Fact]
    public async Task UseResetsTheIdleClock()
    {
        await using var runtime = Runtimes.Create(out _, out _, o => o.CollectionAge = TimeSpan.FromMinutes(15));
        var counter = runtime.Grains.GetGrain<ICounterGrain>("t/used");
        await counter.IncrementAsync();
        runtime.Clock.Advance(TimeSpan.FromMinutes(10));
        await counter.GetAsync();
        runtime.Clock.Advance(TimeSpan.FromMinutes(10));
        await runtime.Runtime.CollectIdleActivationsAsync();
        Assert.True(runtime.Runtime.IsActive(new GrainId("counter", "t/used")));
    }

    [Fact]
    public async Task PerTypeCollectionAgeOverridesTheDefault()
    {
        await using var runtime = Runtimes.Create(out var probe, out _, o => o.CollectionAge = TimeSpan.FromMinutes(15));
        await runtime.Grains.GetGrain<IShortLivedGrain>("t/short").TouchAsync();
        await runtime.Grains.GetGrain<ICounterGrain>("t/long").GetAsync();

        runtime.Clock.Advance(TimeSpan.FromMinutes(2));
        await runtime.Runtime.CollectIdleActivationsAsync();

        Assert.Contains("deactivate short t/short Idle", probe.Snapshot());
        Assert.True(runtime.Runtime.IsActive(new GrainId("counter", "t/long")));
    }

    [Fact]
    public async Task TimerCollectsIdleActivationsWithoutAnyoneAsking()
    {
        await using var runtime = Runtimes.Create(out var probe, out _, o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(5);
            o.CollectionQuantum = TimeSpan.FromMinutes(1);
        });
        var service = runtime.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Single();
        await service.StartAsync(CancellationToken.None);
        await runtime.Grains.GetGrain<ICounterGrain>("t/timer").GetAsync();

        runtime.Clock.Advance(TimeSpan.FromMinutes(6));
        await probe.WhenRecorded("deactivate t/timer Idle");
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task BusyActivationIsNotCollected()
    {
        await using var runtime = Runtimes.Create(out var probe, out var gates, o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(1);
            o.ResponseTimeout = TimeSpan.FromMinutes(10);
        });
        var grain = runtime.Grains.GetGrain<ITurnGrain>("t/busy");
        var call = grain.WorkAsync("hold");
        await probe.WhenRecorded("start hold");
        runtime.Clock.Advance(TimeSpan.FromMinutes(2));
        await runtime.Runtime.CollectIdleActivationsAsync();
        Assert.True(runtime.Runtime.IsActive(new GrainId("turn", "t/busy")));
        gates.Open("hold");
        await call;
    }

    [Fact]
    public async Task BoundOnActivationsEvictsTheLeastRecentlyUsed()
    {
        await using var runtime = Runtimes.Create(out var probe, out _, o => o.MaxActivations = 10);
        for (var i = 0; i < 10; i++) await runtime.Grains.GetGrain<ICounterGrain>($"t/{i}").GetAsync();
        // Touch the oldest so the second-oldest becomes least recently used.
        await runtime.Grains.GetGrain<ICounterGrain>("t/0").GetAsync();

        await runtime.Grains.GetGrain<ICounterGrain>("t/10").GetAsync();
        // Eviction frees a tenth of the bound: 11 resident → 9, the two least recently used go.
        await probe.WhenRecorded("deactivate t/1 ActivationLimit");
        await probe.WhenRecorded("deactivate t/2 ActivationLimit");

        Assert.False(runtime.Runtime.IsActive(new GrainId("counter", "t/1")));
        Assert.False(runtime.Runtime.IsActive(new GrainId("counter", "t/2")));
        Assert.True(runtime.Runtime.IsActive(new GrainId("counter", "t/0")));
        Assert.True(runtime.Runtime.IsActive(new GrainId("counter", "t/10")));
        Assert.Equal(9, runtime.Runtime.ActivationCount);
    }

    [Fact]
    public async Task ResidentActivationsStayUnderTheBoundUnderChurn()
    {
        await using var runtime = Runtimes.Create(out _, out _, o => o.MaxActivations = 100);
        for (var i = 0; i < 1_000; i++) await runtime.Grains.GetGrain<ICounterGrain>($"t/{i}").GetAsync();
        Assert.InRange(runtime.Runtime.ActivationCount, 1, 100);

        // A concurrent burst of first calls can only be evicted once those calls are over; the
        // next collection round brings the process back under the bound.
        await Task.WhenAll(Enumerable.Range(1_000, 500).Select(i => runtime.Grains.GetGrain<ICounterGrain>($"t/{i}").GetAsync()));
        await runtime.Runtime.CollectIdleActivationsAsync();
        Assert.InRange(runtime.Runtime.ActivationCount, 1, 100);
    }

    [Fact]
    public async Task DeactivatingGrainFinishesItsCurrentTurnFirst()
    {
        await using var runtime = Runtimes.Create(out var probe, out var gates);
        var grain = runtime.Grains.GetGrain<ITurnGrain>("t/d");
        var running = grain.WorkAsync("turn");
        await probe.WhenRecorded("start turn");

        var deactivated = runtime.Runtime.DeactivateAsync(new GrainId("turn", "t/d"));
        var arriving = grain.PingAsync("arrives-during-deactivation");
        Assert.False(deactivated.IsCompleted);

        gates.Open("turn");
        await running;
        await deactivated;
        await arriving;

        // The call that arrived meanwhile ran on a fresh activation.
        Assert.Equal(2, probe.Constructions);
        Assert.Equal(["start turn", "end turn", "ping arrives-during-deactivation"], probe.Snapshot());
    }

    [Fact]
    public async Task ShutdownRunsOnDeactivateForEveryActivation()
    {
        var runtime = Runtimes.Create(out var probe, out _);
        await runtime.Grains.GetGrain<ICounterGrain>("t/a").GetAsync();
        await runtime.Grains.GetGrain<ICounterGrain>("t/b").GetAsync();
        await runtime.DisposeAsync();
        Assert.Contains("deactivate t/a ShuttingDown", probe.Snapshot());
        Assert.Contains("deactivate t/b ShuttingDown", probe.Snapshot());
    }
}

public sealed class ReplicaStalenessTests
{
    [Fact]
    public async Task ReadMostlyGrainOnAnotherReplicaIsStaleForAtMostTheActivationLifetime()
    {
        // Two runtimes (replicas) on one store, sharing one clock.
        var clock = new Platform.Testing.ManualTimeProvider();
        var store = new MemoryGrainStorage(new GrainStateSerializer([]));
        Platform.Testing.TestRuntime Replica() => Platform.Testing.TestRuntime.Create(
            b => b.AddGrain<CounterGrain>().AddGrainStorage(GrainStorageNames.Default, _ => store),
            o =>
            {
                o.MaxActivationLifetime = TimeSpan.FromMinutes(2);
                o.CollectionAge = TimeSpan.FromHours(1);
            },
            s => s.AddSingleton(new Probe()),
            clock);
        await using var writer = Replica();
        await using var reader = Replica();

        await writer.Grains.GetGrain<ICounterGrain>("t/shared").IncrementAsync();
        Assert.Equal(1, await reader.Grains.GetGrain<ICounterGrain>("t/shared").GetAsync());
        await writer.Grains.GetGrain<ICounterGrain>("t/shared").IncrementAsync();

        // The reader's activation still holds what it loaded, and stays busy enough never to be idle.
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await reader.Grains.GetGrain<ICounterGrain>("t/shared").GetAsync());
        await reader.Runtime.CollectIdleActivationsAsync();
        Assert.Equal(1, await reader.Grains.GetGrain<ICounterGrain>("t/shared").GetAsync());

        clock.Advance(TimeSpan.FromMinutes(1));
        await reader.Runtime.CollectIdleActivationsAsync();
        Assert.Equal(2, await reader.Grains.GetGrain<ICounterGrain>("t/shared").GetAsync());
    }
}
