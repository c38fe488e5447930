using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Microsoft.Extensions.DependencyInjection;
using Platform.Abstractions;
using Platform.Grains.Cooperatives;
using Platform.Runtime;

namespace Platform.Benchmarks;

/// <summary>
/// Memory per idle cooperative activation (QUALITY.md: ≤ 4 KiB, so 10,000 resident stay under
/// 100 MiB with the rest of the process). Each iteration starts a fresh runtime whose memory store
/// already holds 10,000 member records (a typical profile and five participations each), activates
/// them all with one read, and measures what stays on the heap once they are idle: the managed heap
/// after a full collection, minus the same before the first activation, ÷ 10,000. That figure is the
/// "Retained/activation" column; the timing is the cold activation of one cooperative from the store.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RetainedColumnConfig))]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class NetworkCooperativeMemoryBenchmarks
{
    public const int Cooperatives = 10_000;
    private const string Tenant = "bench-memory";

    private ServiceProvider _services = null!;
    private ICooperativeGrain[] _grains = [];
    private long _baseline;
    private readonly List<double> _retained = [];

    [IterationSetup]
    public void Setup()
    {
        _services = NetworkBenchmarkWorld.CreateRuntime();
        var storage = _services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);
        var random = new Random(4096);
        var factory = _services.GetRequiredService<IGrainFactory>();
        _grains = new ICooperativeGrain[Cooperatives];
        for (var i = 0; i < Cooperatives; i++)
        {
            var id = $"coop-{i:D5}";
            var state = new Held(new CooperativeState
            {
                Member = new Member(id, $"Coopérative de travail L'Atelier du Fleuve n° {i}", MemberType.Worker, "06", "microbrewery",
                    new DateOnly(2019, 4, 12), new DateOnly(2015, 6, 1), random.Next(3, 30), (1_170_000_000 + i).ToString(CultureInfo.InvariantCulture),
                    i % 3 == 0 ? new SelfIdentification(true, [EquityGroup.Women]) : null, MemberStatus.Active, null, i % 4 == 0, i % 10 == 0 ? ["microbrasseries"] : []),
                Participations = [.. Enumerable.Range(0, 5).Select(p => new Participation($"training-{p:D2}", ActivityKind.Training, new DateOnly(2024, 1 + p, 10)))],
            });
            storage.WriteStateAsync("cooperative", new GrainId("cooperative", Ids.Key(Tenant, id)), state).GetAwaiter().GetResult();
            _grains[i] = factory.GetGrain<ICooperativeGrain>(Ids.Key(Tenant, id));
        }
        _baseline = GC.GetTotalMemory(forceFullCollection: true);
    }

    [Benchmark(OperationsPerInvoke = Cooperatives)]
    public async Task ActivateIdleCooperatives()
    {
        foreach (var grain in _grains) await grain.GetAsync();
    }

    [IterationCleanup]
    public void Cleanup()
    {
        // Measured while all 10,000 are still resident and idle.
        var retained = (GC.GetTotalMemory(forceFullCollection: true) - _baseline) / (double)Cooperatives;
        _retained.Add(retained);
        Console.WriteLine($"// retained per idle cooperative activation: {retained:N0} B ({_services.GetRequiredService<GrainRuntime>().ActivationCount:N0} resident)");
        _services.GetRequiredService<GrainRuntime>().DeactivateAllAsync().GetAwaiter().GetResult();
        _services.Dispose();
    }

    [GlobalCleanup]
    public void Report()
    {
        // The column is read by the BenchmarkDotNet host process, which is not this one: hand the median over by file.
        var median = _retained.Order().ElementAt(_retained.Count / 2);
        Directory.CreateDirectory(RetainedColumn.Folder);
        File.WriteAllText(RetainedColumn.FileFor(nameof(ActivateIdleCooperatives)), median.ToString("F0", CultureInfo.InvariantCulture));
    }

    private sealed class Held(CooperativeState state) : IGrainState<CooperativeState>
    {
        public CooperativeState State { get; set; } = state;
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
    }

    private sealed class RetainedColumnConfig : ManualConfig
    {
        public RetainedColumnConfig() => AddColumn(new RetainedColumn());
    }

    /// <summary>"Retained/activation": the median bytes left on the heap per idle activation, in the summary table.</summary>
    public sealed class RetainedColumn : IColumn
    {
        public static readonly string Folder = Path.Combine(Path.GetTempPath(), "intercoop-bench");

        public static string FileFor(string method) => Path.Combine(Folder, $"retained-{method}.txt");

        public string Id => nameof(RetainedColumn);
        public string ColumnName => "Retained/activation";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Size;
        public string Legend => "Managed heap kept per idle activation after a full GC (median of the iterations)";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var file = FileFor(benchmarkCase.Descriptor.WorkloadMethod.Name);
            return File.Exists(file) ? $"{File.ReadAllText(file)} B" : "n/a";
        }
    }
}
