using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;
using Platform.Abstractions;
using Platform.Grains.Cooperatives;

namespace Platform.Benchmarks;

/// <summary>A grain with no state and nothing in its fields: what one activation costs Orleans itself.</summary>
public interface IIdleGrain : IGrainWithStringKey
{
    Task PingAsync();
}

[GrainType("bench-idle")]
public sealed class IdleGrain : Grain, IIdleGrain
{
    public Task PingAsync() => Task.CompletedTask;
}

/// <summary>
/// Memory per idle cooperative activation (QUALITY.md: ≤ 4 KiB, so 10,000 resident stay under
/// 100 MiB with the rest of the process). Each iteration starts a fresh in-process silo whose memory
/// store already holds 10,000 member records (a typical profile and five participations each),
/// activates them all with one read each, and measures, once they are idle, after a full collection:
/// - Heap/activation: the managed heap, minus the same before the first activation, ÷ 10,000
///   (every iteration);
/// - RSS/activation: the process's resident set, minus the same before, ÷ 10,000, and
/// - RSS process: the whole process's resident set with the 10,000 resident (silo, store, harness),
///   both from the first iteration of each launch only (a process's resident set keeps what an
///   earlier iteration's silo used, so later iterations would show less than a fresh host pays).
/// Each column is the median over the launches (n = how many values).
/// ActivateIdleGrains does the same with 10,000 grains that hold nothing: Orleans's own cost per
/// activation, which the cooperative figure includes. The memory store keeps its own copy of each
/// record, which is in the baseline, not in the figures. Two jobs: server GC, as the host runs (the
/// Web SDK's default), and workstation GC (what a memory-bound deployment can switch to with
/// DOTNET_gcServer=0). The timing column is one cold activation from the store, one after another.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class NetworkCooperativeMemoryBenchmarks
{
    public const int Activations = 10_000;
    private const string Tenant = "bench-memory";
    private const string HeapKey = "heap";
    private const string RssKey = "rss";
    private const string ProcessKey = "process";

    private InProcessSilo _silo = null!;
    private Func<Task>[] _calls = [];
    private long _heapBefore;
    private long _rssBefore;
    // The resident set never gives back what an earlier silo of the process used: only the first
    // iteration of each process (a fresh one per launch) says what 10,000 activations add to it.
    private static bool s_measuredResidentSet;

    [IterationSetup(Target = nameof(ActivateIdleCooperatives))]
    public void SetupCooperatives()
    {
        _silo = InProcessSilo.StartPlatformAsync().GetAwaiter().GetResult();
        var storage = _silo.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var random = new Random(4096);
        _calls = new Func<Task>[Activations];
        for (var i = 0; i < Activations; i++)
        {
            var id = $"coop-{i:D5}";
            var state = new GrainState<CooperativeState>(new CooperativeState
            {
                Member = new Member(id, $"Coopérative de travail L'Atelier du Fleuve n° {i}", MemberType.Worker, "06", "microbrewery",
                    new DateOnly(2019, 4, 12), new DateOnly(2015, 6, 1), random.Next(3, 30), (1_170_000_000 + i).ToString(CultureInfo.InvariantCulture),
                    i % 3 == 0 ? new SelfIdentification(true, [EquityGroup.Women]) : null, MemberStatus.Active, null, i % 4 == 0, i % 10 == 0 ? ["microbrasseries"] : []),
                Participations = [.. Enumerable.Range(0, 5).Select(p => new Participation($"training-{p:D2}", ActivityKind.Training, new DateOnly(2024, 1 + p, 10)))],
            });
            storage.WriteStateAsync("cooperative", GrainId.Create("cooperative", Ids.Key(Tenant, id)), state).GetAwaiter().GetResult();
            var grain = _silo.Grains.GetGrain<ICooperativeGrain>(Ids.Key(Tenant, id));
            _calls[i] = grain.GetAsync;
        }
        TakeBaseline();
    }

    [IterationSetup(Target = nameof(ActivateIdleGrains))]
    public void SetupIdleGrains()
    {
        _silo = InProcessSilo.StartAsync().GetAwaiter().GetResult();
        _calls = [.. Enumerable.Range(0, Activations).Select(i => (Func<Task>)_silo.Grains.GetGrain<IIdleGrain>($"{Tenant}/idle-{i:D5}").PingAsync)];
        TakeBaseline();
    }

    [Benchmark(OperationsPerInvoke = Activations)]
    [QualityTarget("≤ 4 KiB/activation; 10,000 ≤ 100 MiB process")]
    public async Task ActivateIdleCooperatives()
    {
        foreach (var call in _calls) await call();
    }

    [Benchmark(OperationsPerInvoke = Activations)]
    public async Task ActivateIdleGrains()
    {
        foreach (var call in _calls) await call();
    }

    [IterationCleanup(Target = nameof(ActivateIdleCooperatives))]
    public void CleanupCooperatives() => Measure(nameof(ActivateIdleCooperatives));

    [IterationCleanup(Target = nameof(ActivateIdleGrains))]
    public void CleanupIdleGrains() => Measure(nameof(ActivateIdleGrains));

    private void TakeBaseline()
    {
        // Everything before the activations: silo, store and its records, the harness.
        _heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        _rssBefore = ResidentSet();
    }

    // Measured while all 10,000 are still resident and idle.
    private void Measure(string method)
    {
        var heap = (GC.GetTotalMemory(forceFullCollection: true) - _heapBefore) / (double)Activations;
        var process = ResidentSet();
        var rss = (process - _rssBefore) / (double)Activations;
        var resident = _silo.ActivationCountAsync().GetAwaiter().GetResult();
        MeasuredColumn.Publish(method, HeapKey, heap);
        var firstInProcess = !s_measuredResidentSet;
        if (firstInProcess)
        {
            MeasuredColumn.Publish(method, RssKey, rss);
            MeasuredColumn.Publish(method, ProcessKey, process);
            s_measuredResidentSet = true;
        }
        Console.WriteLine($"// {method} ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC): {heap:N0} B managed heap, {rss:N0} B resident set " +
                          $"per idle activation; process {_rssBefore / 1048576.0:N1} MiB before, {process / 1048576.0:N1} MiB with {resident:N0} activations in the silo" +
                          (firstInProcess ? " (first in this process: resident set counted)" : ""));
        _silo.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static long ResidentSet()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            // A fresh process per launch: the resident-set figures come from each process's first iteration.
            var job = Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(3).WithWarmupCount(0).WithIterationCount(2);
            AddJob(job.WithGcServer(true).WithId("ServerGC"), job.WithGcServer(false).WithId("WorkstationGC"));
            AddColumn(new MeasuredColumn(HeapKey, "Heap/activation", "Managed heap kept per idle activation after a full GC (median over every iteration of every launch)", "B"));
            AddColumn(new MeasuredColumn(RssKey, "RSS/activation", "Process resident set added per idle activation (first iteration of each launch; median)", "B"));
            AddColumn(new MeasuredColumn(ProcessKey, "RSS process", "The whole process's resident set with every activation resident (first iteration of each launch; median)", "MiB"));
        }
    }
}
