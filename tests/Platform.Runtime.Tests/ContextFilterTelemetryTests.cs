using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Runtime.Tests;

public sealed class RefuseTenantFilter : IIncomingGrainCallFilter
{
    public static readonly List<string> Seen = [];

    public Task Invoke(IIncomingGrainCallContext context)
    {
        lock (Seen) Seen.Add($"{context.TargetId} {context.InterfaceMethod.Name} grainToGrain={context.IsGrainToGrainCall}");
        if (context.TargetId.Partition == "forbidden")
            throw new UnauthorizedAccessException($"refused {context.TargetId}");
        return context.Invoke();
    }
}

public sealed class ContextFilterTelemetryTests
{
    [Fact]
    public async Task RequestContextFlowsIntoGrainCallsButNotBackOut()
    {
        await using var runtime = Runtimes.Create(out _, out _);
        RequestContext.Set("tenant", "alpha");
        try
        {
            var grain = runtime.Grains.GetGrain<ITurnGrain>("t/ctx");
            Assert.Equal("alpha", await grain.ContextValueAsync("tenant"));

            // A callee's change reaches its own callees, never its caller.
            Assert.Equal("changed", await grain.SetContextAndCallAsync("tenant", "changed", "t/ctx2"));
            Assert.Equal("alpha", RequestContext.Get("tenant"));
            Assert.Equal("alpha", await grain.ContextValueAsync("tenant"));
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    [Fact]
    public async Task QueuedCallRunsWithItsOwnCallersContext()
    {
        await using var runtime = Runtimes.Create(out var probe, out var gates);
        var grain = runtime.Grains.GetGrain<ITurnGrain>("t/queued-ctx");
        var blocking = grain.WorkAsync("hold");
        await probe.WhenRecorded("start hold");

        Task<string?> queued;
        RequestContext.Set("who", "second caller");
        try
        {
            queued = grain.ContextValueAsync("who");
        }
        finally
        {
            RequestContext.Clear();
        }
        gates.Open("hold");
        await blocking;
        Assert.Equal("second caller", await queued);
    }

    [Fact]
    public async Task CallFilterSeesEveryCallAndCanRefuseOne()
    {
        await using var runtime = Runtimes.Create(out _, out _, more: b => b.AddIncomingGrainCallFilter<RefuseTenantFilter>());
        lock (RefuseTenantFilter.Seen) RefuseTenantFilter.Seen.Clear();

        Assert.Equal("end", await runtime.Grains.GetGrain<ICycleGrain>("allowed/a").ForwardAsync(["allowed/b"], 0));
        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => runtime.Grains.GetGrain<ICycleGrain>("forbidden/x").ForwardAsync([], 0));
        Assert.Equal("refused cycle/forbidden/x", error.Message);

        string[] seen;
        lock (RefuseTenantFilter.Seen) seen = [.. RefuseTenantFilter.Seen];
        Assert.Contains("cycle/allowed/a ForwardAsync grainToGrain=False", seen);
        Assert.Contains("cycle/allowed/b ForwardAsync grainToGrain=True", seen);
    }

    [Fact]
    public async Task EachGrainCallAndStorageOperationHasASpanWithTheTenant()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == RuntimeTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) spans.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);
        await using var runtime = Runtimes.Create(out _, out _);

        await runtime.Grains.GetGrain<ICounterGrain>("span-tenant/c").IncrementAsync();

        Activity[] mine;
        lock (spans) mine = spans.Where(s => (string?)s.GetTagItem("tenant.id") == "span-tenant").ToArray();
        Assert.Contains(mine, s => s.DisplayName == "grain ICounterGrain.IncrementAsync");
        Assert.Contains(mine, s => s.DisplayName == "storage write");
        Assert.Contains(mine, s => s.DisplayName == "storage read");
    }

    [Fact]
    public async Task MetricsCountCallsActivationsAndEtagConflicts()
    {
        var measurements = new List<(string Name, double Value, string? Tenant)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RuntimeTelemetry.Name) l.EnableMeasurementEvents(instrument);
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? tenant = null;
            foreach (var tag in tags) if (tag.Key == "tenant.id") tenant = tag.Value as string;
            lock (measurements) measurements.Add((instrument.Name, value, tenant));
        }
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        await using var runtime = Runtimes.Create(out _, out _);
        var counter = runtime.Grains.GetGrain<ICounterGrain>("metric-tenant/c");
        await counter.IncrementAsync();
        var storage = runtime.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);
        await storage.ClearStateAsync("counter", new GrainId("counter", "metric-tenant/c"), new PersistentStateProbe { ETag = "1" });
        await Assert.ThrowsAsync<InconsistentStateException>(() => counter.IncrementAsync());

        (string Name, double Value, string? Tenant)[] seen;
        lock (measurements) seen = [.. measurements];
        Assert.Contains(seen, m => m is { Name: "platform.grain.calls", Tenant: "metric-tenant" });
        Assert.Contains(seen, m => m is { Name: "platform.grain.call.duration", Tenant: "metric-tenant" });
        Assert.Contains(seen, m => m is { Name: "platform.grain.activations", Value: 1 });
        Assert.Contains(seen, m => m is { Name: "platform.storage.duration", Tenant: "metric-tenant" });
        Assert.Contains(seen, m => m is { Name: "platform.storage.etag_conflicts", Tenant: "metric-tenant" });
    }

    private sealed class PersistentStateProbe : IGrainState<CounterState>
    {
        public CounterState State { get; set; } = new();
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
    }
}
