using Platform.Testing;

namespace Platform.Runtime.Tests;

public sealed class ActivationTests
{
    [Fact]
    public async Task FirstCallActivatesWithInjectedServicesAndLoadedState()
    {
        await using var runtime = Runtimes.Create(out var probe, out _);
        var counter = runtime.Grains.GetGrain<ICounterGrain>("t1/c");

        Assert.Equal(1, await counter.IncrementAsync());
        Assert.Equal(2, await counter.IncrementAsync());
        Assert.Equal(1, probe.Activations);
        Assert.Contains("activate t1/c value=0", probe.Snapshot());

        // A fresh activation sees the stored state already in OnActivateAsync.
        await runtime.Runtime.DeactivateAsync(new GrainId("counter", "t1/c"));
        Assert.Equal(2, await counter.GetAsync());
        Assert.Contains("activate t1/c value=2", probe.Snapshot());
    }

    [Fact]
    public async Task ConstructorCanReadTheGrainKey()
    {
        await using var runtime = Runtimes.Create(out _, out _);
        Assert.Equal("tenant-a/x", await runtime.Grains.GetGrain<ITurnGrain>("tenant-a/x").KeyFromConstructorAsync());
    }

    [Fact]
    public async Task ConcurrentFirstCallsToOneKeyMakeExactlyOneActivation()
    {
        await using var runtime = Runtimes.Create(out var probe, out _);
        using var start = new ManualResetEventSlim(false);
        var calls = Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            await runtime.Grains.GetGrain<ITurnGrain>("t/one").PingAsync("x");
        })).ToArray();
        start.Set();
        await Task.WhenAll(calls);

        Assert.Equal(1, probe.Constructions);
        Assert.Equal(1, runtime.Runtime.ActivationCount);
    }

    [Fact]
    public async Task FailedActivationReachesCallerAndNextCallActivatesAfresh()
    {
        await using var runtime = Runtimes.Create(out var probe, out _);
        var grain = runtime.Grains.GetGrain<IFailingActivationGrain>("t/f");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.GetAsync());
        Assert.Equal("activation failed on purpose", error.Message);
        Assert.Equal(2, await grain.GetAsync());
    }

    [Fact]
    public async Task ExceptionsThrownByGrainCodeReachTheCallerUnchanged()
    {
        await using var runtime = Runtimes.Create(out _, out _);
        var grain = runtime.Grains.GetGrain<ITurnGrain>("t/e");

        var asyncError = await Assert.ThrowsAsync<TurnException>(() => grain.ThrowAsync("boom"));
        Assert.Equal(("boom", 42), (asyncError.Message, asyncError.Code));
        var syncError = await Assert.ThrowsAsync<TurnException>(() => grain.ThrowSynchronouslyAsync("bang"));
        Assert.Equal(("bang", 7), (syncError.Message, syncError.Code));

        // The activation survives an exception: the next call works.
        await grain.PingAsync("after");
    }

    [Fact]
    public async Task UnknownInterfaceIsAClearError()
    {
        await using var runtime = TestRuntime.Create(b => b.AddMemoryGrainStorage());
        var error = Assert.Throws<InvalidOperationException>(() => runtime.Grains.GetGrain<ITurnGrain>("x"));
        Assert.Contains(nameof(ITurnGrain), error.Message);
    }

    [Fact]
    public async Task MissingStorageIsAClearActivationError()
    {
        await using var runtime = TestRuntime.Create(b => b.AddGrain<CounterGrain>(), services: s =>
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(s, new Probe()));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => runtime.Grains.GetGrain<ICounterGrain>("t/c").GetAsync());
        Assert.Contains("No grain storage named 'Default'", error.Message);
    }
}
