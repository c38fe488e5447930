using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Platform.Abstractions;

namespace Platform.Benchmarks;

/// <summary>
/// Network statistics of a national body (QUALITY.md: warm ≤ 10 ms) over the generated network of
/// 100 federations / 10,000 organisations and over a confederation of 14 groupings × 215, in one
/// in-process Orleans silo on the memory store, called through the silo's grain factory:
/// - Warm: nothing changed since the last read; every affiliate is asked for its cached contribution
///   and the root answers its cached figure (what a dashboard refresh costs).
/// - NewPeriod: a period never asked before, so every federation recomputes its contribution from
///   its roster and the root merges 10,000 organisations again (the cost after changes everywhere).
/// </summary>
[MemoryDiagnoser]
public class NetworkStatisticsBenchmarks
{
    private InProcessSilo _silo = null!;
    private IFederationGrain _national = null!;
    private IFederationGrain _confederationRoot = null!;
    private int _day;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _silo = await InProcessSilo.StartPlatformAsync();
        await NetworkBenchmarkWorld.BuildBothAsync(_silo.Grains);
        _national = _silo.Grains.GetGrain<IFederationGrain>(NetworkBenchmarkWorld.GeneratedRoot);
        _confederationRoot = _silo.Grains.GetGrain<IFederationGrain>(NetworkBenchmarkWorld.ConfederationRoot);

        var national = await _national.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime);
        var confederation = await _confederationRoot.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime);
        Console.WriteLine($"// generated network: {national.Federations} federations, {national.Members.Active} active organisations counted once");
        Console.WriteLine($"// confederation: {confederation.Federations} federations, {confederation.Members.Active} active organisations counted once");
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _silo.DisposeAsync();

    [Benchmark]
    [QualityTarget("warm ≤ 10 ms")]
    public async Task<int> Warm_100Federations_10000Organisations() =>
        (await _national.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime)).Members.Active;

    [Benchmark]
    [QualityTarget("warm ≤ 10 ms")]
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
/// each launch is a new process that starts a silo on the file store (not measured: that is the
/// host start-to-ready figure; printed below), then the one measured call activates the root and
/// every affiliate from their state files and JIT-compiles the path. The store folder is built
/// once, by the first launch's setup, under the temp folder, and reused. The OS file cache is warm
/// after that first launch: dropping it needs root, so a true cold-disk read costs more than this.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 6, warmupCount: 0, iterationCount: 1)]
public class NetworkColdStatisticsBenchmarks
{
    private InProcessSilo? _silo;

    [Params("generated-100x100", "confederation-14x215")]
    public string Network { get; set; } = "generated-100x100";

    private bool Generated => Network.StartsWith("generated", StringComparison.Ordinal);

    [GlobalSetup]
    public async Task SetupAsync()
    {
        // "orleans-v1": the folders of the old runtime's store are another format.
        var folder = Path.Combine(Path.GetTempPath(), "intercoop-bench", "network-orleans-v1", Network);
        var ready = Path.Combine(folder, ".ready");
        if (!File.Exists(ready))
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            await using (var builder = await InProcessSilo.StartPlatformAsync(folder))
            {
                if (Generated) await NetworkBenchmarkWorld.BuildGeneratedAsync(builder.Grains);
                else await NetworkBenchmarkWorld.BuildConfederationAsync(builder.Grains);
            }
            await File.WriteAllTextAsync(ready, DateTimeOffset.UtcNow.ToString("O"));
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _silo = await InProcessSilo.StartPlatformAsync(folder);
        Console.WriteLine($"// silo start on the file store (not in the measure): {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Benchmark]
    [QualityTarget("cold ≤ 2 s")]
    public async Task<int> FirstNetworkStatisticsOfAFreshProcess()
    {
        var root = Generated ? NetworkBenchmarkWorld.GeneratedRoot : NetworkBenchmarkWorld.ConfederationRoot;
        var statistics = await _silo!.Grains.GetGrain<IFederationGrain>(root).GetNetworkStatisticsAsync(StatisticsPeriod.AllTime);
        return statistics.Members.Active;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_silo is not null) await _silo.DisposeAsync();
    }
}
