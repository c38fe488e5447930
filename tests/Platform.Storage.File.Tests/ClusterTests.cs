using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Orleans.Storage;
using Orleans.TestingHost;
using Platform.Abstractions.Storage;

namespace Platform.Storage.FileStore.Tests;

/// <summary>Two silos of one cluster, sharing the data folder of the provider "file" and of the default provider.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly string _base = Path.Combine(Path.GetTempPath(), "intercoop-filestore-cluster-" + Guid.NewGuid().ToString("N"));

    public string Root => Path.Combine(_base, "file");

    public string DefaultRoot => Path.Combine(_base, "default");

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        var root = Root;
        var defaultRoot = DefaultRoot;
        builder.ConfigureSilo((_, silo) =>
        {
            // The platform registers a System.Text.Json storage serializer as the default; the store takes it from DI.
            silo.Services.AddSingleton<IGrainStorageSerializer, JsonStateSerializer>();
            silo.AddFileGrainStorage("file", options => options.RootPath = root);
            silo.AddFileGrainStorageAsDefault(options => options.RootPath = defaultRoot);
            silo.AddActivityPropagation();
        });
        builder.ConfigureClient(client => client.AddActivityPropagation());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (Directory.Exists(_base)) Directory.Delete(_base, recursive: true);
    }
}

/// <summary>The provider under a real Orleans cluster: grains persist through it, conflicts reach them.</summary>
public sealed class ClusterTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private InProcessTestCluster Cluster => fixture.Cluster;

    private static string NewKey(string tenant) => $"{tenant}/coop-{Guid.NewGuid():N}";

    /// <summary>Runs a call whose grain, if it has no activation, is placed on <paramref name="silo"/>.</summary>
    private static async Task<T> PlacedOn<T>(SiloAddress silo, Func<Task<T>> call)
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            return await call();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    [Fact]
    public async Task StateWrittenOnOneSiloIsReadFromDiskByANewActivationOnTheOther()
    {
        var key = NewKey("reseau");
        var (first, second) = (Cluster.Silos[0].SiloAddress, Cluster.Silos[1].SiloAddress);
        // Written through the first silo's own grain factory, so the client caches no address for the grain
        // and places its next activation where the hint says.
        var writer = Cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>(key);
        var written = await PlacedOn(first, writer.IncrementAsync);
        written = await writer.IncrementAsync();
        Assert.Equal((2, "2", true), (written.Value, written.ETag, written.RecordExists));

        await Cluster.DeactivateAsync(writer);
        var read = await PlacedOn(second, Cluster.Client.GetGrain<ICounterGrain>(key).GetAsync);

        Assert.Equal((2, "2", true), (read.Value, read.ETag, read.RecordExists));
        Assert.NotEqual(written.Activation, read.Activation);
        Assert.NotEqual(written.Silo, read.Silo);
        var file = Path.Combine(fixture.Root, "reseau", "test-counter", StateFile.Escape(key) + "~s.state");
        Assert.True(File.Exists(file), file);
    }

    [Fact]
    public async Task AStaleEtagSurfacesToTheGrainAsInconsistentStateExceptionAndTheStoredStateStands()
    {
        var grain = Cluster.Client.GetGrain<ICounterGrain>(NewKey("reseau"));
        Assert.Equal("1", (await grain.IncrementAsync()).ETag);

        // Someone else writes the state behind the activation's back.
        var storage = Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<FileGrainStorage>("file");
        var behind = new Held<CounterState>();
        await storage.ReadStateAsync("s", grain.GetGrainId(), behind);
        behind.State.Value = 100;
        await storage.WriteStateAsync("s", grain.GetGrainId(), behind);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(grain.IncrementAsync);
        Assert.Equal(("2", "1"), (conflict.StoredEtag, conflict.CurrentEtag));

        var stored = new Held<CounterState>();
        await storage.ReadStateAsync("s", grain.GetGrainId(), stored);
        Assert.Equal((100, "2"), (stored.State.Value, stored.ETag));

        // Orleans deactivated the activation before answering: the next call reads what is stored.
        var after = await grain.GetAsync();
        Assert.Equal((100, "2"), (after.Value, after.ETag));
    }

    [Fact]
    public async Task StateClearedByAGrainIsGoneForItsNextActivation()
    {
        var grain = Cluster.Client.GetGrain<ICounterGrain>(NewKey("reseau-coop"));
        await grain.IncrementAsync();
        var cleared = await grain.ClearAsync();
        Assert.Equal((0, null, false), (cleared.Value, cleared.ETag, cleared.RecordExists));

        await Cluster.DeactivateAsync(grain);
        var read = await grain.GetAsync();
        Assert.Equal((0, null, false), (read.Value, read.ETag, read.RecordExists));
        Assert.Equal("3", (await grain.IncrementAsync()).ETag);
    }

    [Fact]
    public async Task GrainsThatNameNoStorageUseTheDefaultFileStore()
    {
        var key = NewKey("reseau");
        var written = await Cluster.Client.GetGrain<IDefaultCounterGrain>(key).IncrementAsync();

        Assert.Equal((1, "1"), (written.Value, written.ETag));
        Assert.True(File.Exists(Path.Combine(fixture.DefaultRoot, "reseau", "test-default-counter", StateFile.Escape(key) + "~s.state")));
        Assert.False(Directory.Exists(Path.Combine(fixture.Root, "reseau", "test-default-counter")));
    }

    [Fact]
    public async Task TheTenantStoreOfTheProviderExportsWhatGrainsWrote()
    {
        var tenant = "export-" + Guid.NewGuid().ToString("N")[..8];
        await Cluster.Client.GetGrain<ICounterGrain>($"{tenant}/a").IncrementAsync();
        await Cluster.Client.GetGrain<ICounterGrain>($"{tenant}/b").IncrementAsync();
        await Cluster.Client.GetGrain<ICounterGrain>($"{tenant}-other/a").IncrementAsync();

        var store = Cluster.Silos[1].ServiceProvider.GetRequiredKeyedService<ITenantStateStore>("file");
        var exported = await store.ExportTenantAsync(tenant, CancellationToken.None).ToListAsync();

        Assert.Equal([$"{tenant}/a", $"{tenant}/b"], exported.Select(e => e.Key).Order());
        Assert.All(exported, e => Assert.Equal(("test-counter", "s", "{\"value\":1}"), (e.GrainType, e.StateName, e.Json)));
    }

    [Fact]
    public void EachProviderIsOneInstanceServingAsGrainStorageAndTenantStore()
    {
        foreach (var silo in Cluster.Silos)
        {
            var services = silo.ServiceProvider;
            var named = services.GetRequiredKeyedService<FileGrainStorage>("file");
            Assert.Same(named, services.GetRequiredKeyedService<IGrainStorage>("file"));
            Assert.Same(named, services.GetRequiredKeyedService<ITenantStateStore>("file"));
            Assert.Equal(Path.GetFullPath(fixture.Root), named.RootPath);

            var byDefault = services.GetRequiredKeyedService<FileGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
            Assert.Same(byDefault, services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
            Assert.Same(byDefault, services.GetRequiredService<IGrainStorage>());
            Assert.Same(byDefault, services.GetRequiredService<ITenantStateStore>());
            Assert.Equal(Path.GetFullPath(fixture.DefaultRoot), byDefault.RootPath);

            // No serializer in the options: the one registered in DI was taken.
            Assert.IsType<JsonStateSerializer>(services.GetRequiredService<IOptionsMonitor<FileGrainStorageOptions>>().Get("file").GrainStorageSerializer);
        }
    }

    [Fact]
    public async Task TheStorageSpanIsInTheTraceOfTheCallThatWrote()
    {
        using var caller = new ActivitySource("Platform.Storage.File.Tests.Http");
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source == caller || source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)
                || source.Name == FileStorageTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var key = NewKey("reseau");

        ActivityTraceId trace;
        using (var request = caller.StartActivity("POST /tenants/reseau/members"))
        {
            trace = request!.TraceId;
            await Cluster.Client.GetGrain<ICounterGrain>(key).IncrementAsync();
        }

        var write = Assert.Single(spans, s => s.Source.Name == FileStorageTelemetry.ActivitySourceName
            && s.DisplayName == "file-store write" && s.TraceId == trace);
        Assert.Equal(("test-counter", "reseau", "s", "ok"),
            (write.GetTagItem(FileStorageTelemetry.GrainTypeTag), write.GetTagItem(FileStorageTelemetry.TenantTag),
             write.GetTagItem(FileStorageTelemetry.StateNameTag), write.GetTagItem(FileStorageTelemetry.OutcomeTag)));
        // Between the request and the disk: Orleans's own spans of the grain call.
        Assert.Contains(spans, s => s.TraceId == trace && s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
    }
}
