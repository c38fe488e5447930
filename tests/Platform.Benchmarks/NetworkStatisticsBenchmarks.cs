using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.DependencyInjection;
using Platform.Abstractions;
using Platform.Runtime;

namespace Platform.Benchmarks;

/// <summary>
/// Network statistics of a national body (QUALITY.md: warm ≤ 10 ms) over the generated network of
/// 100 federations / 10,000 organisations and over a confederation of 14 groupings × 215, in process
/// on the memory store:
/// - Warm: nothing changed since the last read; every affiliate is asked for its cached contribution
///   and the root answers its cached figure (what a dashboard refresh costs).
/// - NewPeriod: a period never asked before, so every federation recomputes its contribution from
///   its roster and the root merges 10,000 organisations again (the cost after changes everywhere).
/// </summary>
[MemoryDiagnoser]
public class NetworkStatisticsBenchmarks
{
    private ServiceProvider _generated = null!;
    private ServiceProvider _confederation = null!;
    private IFederationGrain _national = null!;
    private IFederationGrain _confederationRoot = null!;
    private int _day;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _generated = NetworkBenchmarkWorld.CreateRuntime();
        _confederation = NetworkBenchmarkWorld.CreateRuntime();
        await NetworkBenchmarkWorld.BuildGeneratedAsync(_generated.GetRequiredService<IGrainFactory>());
        await NetworkBenchmarkWorld.BuildConfederationAsync(_confederation.GetRequiredService<IGrainFactory>());
        _national = _generated.GetRequiredService<IGrainFactory>().GetGrain<IFederationGrain>(NetworkBenchmarkWorld.GeneratedRoot);
        _confederationRoot = _confederation.GetRequiredService<IGrainFactory>().GetGrain<IFederationGrain>(NetworkBenchmarkWorld.ConfederationRoot);

        var national = await _national.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime);
        var confederation = await _confederationRoot.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime);
        Console.WriteLine($"// generated network: {national.Federations} federations, {national.Members.Active} active organisations counted once");
        Console.WriteLine($"// confederation: {confederation.Federations} federations, {confederation.Members.Active} active organisations counted once");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var services in new[] { _generated, _confederation })
        {
            await services.GetRequiredService<GrainRuntime>().DeactivateAllAsync();
            await services.DisposeAsync();
        }
    }

    [Benchmark]
    public async Task<int> Warm_100Federations_10000Organisations() =>
        (await _national.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime)).Members.Active;

    [Benchmark]
    public async Task<int> Warm_Confederation_14x215() =>
        (await _confederationRoot.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime)).Members.Active;

    [Benchmark]
    public async Task<int> NewPeriod_100Federations_10000Organisations() =>
        (await _national.GetNetworkStatisticsAsync(NextPeriod())).Members.Active;

    [Benchmark]
    public async Task<int> NewPeriod_Confederation_14x215() =>
        (await _confederationRoot.GetNetworkStatisticsAsync(NextPeriod())).Members.Active;

    // A different end date each time, cycling over more dates than a federation caches.
    private StatisticsPeriod NextPeriod() => new(null, new DateOnly(2024, 3, 31).AddDays(-(_day++ % 1_000)));
}

/// <summary>
/// The first network statistics of a freshly started process on the file store (QUALITY.md: ≤ 2 s):
/// each launch is a new process whose one measured call activates the root and every affiliate from
/// their state files (and JIT-compiles the path). The store folder is built once, by the first
/// launch's setup, under the temp folder, and reused. The OS file cache is warm after that first
/// launch: dropping it needs root, so a true cold-disk read costs more than what this shows.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 6, warmupCount: 0, iterationCount: 1)]
public class NetworkColdStatisticsBenchmarks
{
    private string _folder = "";
    private ServiceProvider? _services;

    [Params("generated-100x100", "confederation-14x215")]
    public string Network { get; set; } = "generated-100x100";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "intercoop-bench", "network-v1", Network);
        var ready = Path.Combine(_folder, ".ready");
        if (File.Exists(ready)) return;
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        await using var services = NetworkBenchmarkWorld.CreateRuntime(_folder);
        var grains = services.GetRequiredService<IGrainFactory>();
        if (Network.StartsWith("generated", StringComparison.Ordinal)) await NetworkBenchmarkWorld.BuildGeneratedAsync(grains);
        else await NetworkBenchmarkWorld.BuildConfederationAsync(grains);
        await services.GetRequiredService<GrainRuntime>().DeactivateAllAsync();
        await File.WriteAllTextAsync(ready, DateTimeOffset.UtcNow.ToString("O"));
    }

    [Benchmark]
    public async Task<int> FirstNetworkStatisticsOfAFreshProcess()
    {
        _services = NetworkBenchmarkWorld.CreateRuntime(_folder);
        var root = Network.StartsWith("generated", StringComparison.Ordinal) ? NetworkBenchmarkWorld.GeneratedRoot : NetworkBenchmarkWorld.ConfederationRoot;
        var statistics = await _services.GetRequiredService<IGrainFactory>().GetGrain<IFederationGrain>(root).GetNetworkStatisticsAsync(StatisticsPeriod.AllTime);
        return statistics.Members.Active;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_services is null) return;
        await _services.GetRequiredService<GrainRuntime>().DeactivateAllAsync();
        await _services.DisposeAsync();
    }
}
