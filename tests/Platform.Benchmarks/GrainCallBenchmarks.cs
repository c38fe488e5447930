using BenchmarkDotNet.Attributes;
using Orleans.Concurrency;

namespace Platform.Benchmarks;

/// <summary>
/// A member-sized record that Orleans must treat as mutable: every call copies it (the record, its
/// list and its array) on the way in and again on the way out, even inside one silo.
/// </summary>
[GenerateSerializer, Alias("bench-profile")]
public sealed record Profile(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Region,
    [property: Id(3)] string Sector,
    [property: Id(4)] DateOnly JoinedOn,
    [property: Id(5)] int Workers,
    [property: Id(6)] List<string> Tags,
    [property: Id(7)] int[] MonthlyHours);

/// <summary>The same fields, of the same types, marked <c>[Immutable]</c>: Orleans passes the reference as it is within a silo.</summary>
[GenerateSerializer, Immutable, Alias("bench-immutable-profile")]
public sealed record ImmutableProfile(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Region,
    [property: Id(3)] string Sector,
    [property: Id(4)] DateOnly JoinedOn,
    [property: Id(5)] int Workers,
    [property: Id(6)] List<string> Tags,
    [property: Id(7)] int[] MonthlyHours);

public interface IEchoGrain : IGrainWithStringKey
{
    Task<int> AddAsync(int value);

    Task<int> CountAsync();

    [ReadOnly] Task<int> ReadCountAsync();

    Task<Profile> EchoAsync(Profile profile);

    Task<ImmutableProfile> EchoImmutableAsync(ImmutableProfile profile);

    /// <summary>A read that waits on something else for 1 ms (another grain, the store).</summary>
    Task<int> CountAfterIoAsync();

    /// <summary>The same read, <c>[ReadOnly]</c>: calls to it interleave on the activation.</summary>
    [ReadOnly] Task<int> ReadCountAfterIoAsync();
}

[GrainType("bench-echo")]
public sealed class EchoGrain : Grain, IEchoGrain
{
    private readonly Echo _echo = new();

    public Task<int> AddAsync(int value) => _echo.AddAsync(value);
    public Task<int> CountAsync() => _echo.CountAsync();
    public Task<int> ReadCountAsync() => _echo.ReadCountAsync();
    public Task<Profile> EchoAsync(Profile profile) => _echo.EchoAsync(profile);
    public Task<ImmutableProfile> EchoImmutableAsync(ImmutableProfile profile) => _echo.EchoImmutableAsync(profile);
    public Task<int> CountAfterIoAsync() => _echo.CountAfterIoAsync();
    public Task<int> ReadCountAfterIoAsync() => _echo.ReadCountAfterIoAsync();
}

/// <summary>The same work behind a plain interface, to compare a warm grain call with a direct call.</summary>
public sealed class Echo : IEchoGrain
{
    private int _total;

    public Task<int> AddAsync(int value)
    {
        _total += value;
        return Task.FromResult(_total);
    }

    public Task<int> CountAsync() => Task.FromResult(_total);
    public Task<int> ReadCountAsync() => Task.FromResult(_total);
    public Task<Profile> EchoAsync(Profile profile) => Task.FromResult(profile);
    public Task<ImmutableProfile> EchoImmutableAsync(ImmutableProfile profile) => Task.FromResult(profile);

    public async Task<int> CountAfterIoAsync()
    {
        await Task.Delay(1);
        return _total;
    }

    public Task<int> ReadCountAfterIoAsync() => CountAfterIoAsync();
}

/// <summary>
/// Warm in-process grain calls through Orleans (QUALITY.md: ≤ 5 µs; report beside a plain
/// interface call), from the silo's own <see cref="IGrainFactory"/> to one activated grain, each
/// measured over a batch of 10,000 awaited calls, one after another:
/// - PlainInterfaceCall / WarmGrainCall: an int in, an int out;
/// - NormalRead / ReadOnlyRead: the same read, without and with <c>[ReadOnly]</c> (one caller: no
///   interleaving to gain, this shows what the attribute costs or saves per call);
/// - MutableRecordRoundTrip / ImmutableRecordRoundTrip: a member-sized record (8 fields, a list of
///   4 strings, an array of 12 ints) passed and returned, copied twice by Orleans unless it is
///   <c>[Immutable]</c>.
/// Allocated is per call.
/// </summary>
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    private const int CallsPerInvocation = 10_000;
    private static readonly int[] s_hours = [151, 140, 162, 158, 149, 120, 96, 110, 160, 163, 150, 130];
    private InProcessSilo _silo = null!;
    private IEchoGrain _grain = null!;
    private IEchoGrain _plain = null!;
    private readonly Profile _profile = new("coop-0042", "Coopérative de travail L'Atelier du Fleuve", "06", "microbrewery",
        new DateOnly(2019, 4, 12), 14, ["microbrasseries", "économie sociale", "Estrie", "membre fondateur"], [.. s_hours]);
    private readonly ImmutableProfile _immutableProfile = new("coop-0042", "Coopérative de travail L'Atelier du Fleuve", "06", "microbrewery",
        new DateOnly(2019, 4, 12), 14, ["microbrasseries", "économie sociale", "Estrie", "membre fondateur"], [.. s_hours]);

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _silo = await InProcessSilo.StartAsync();
        _grain = _silo.Grains.GetGrain<IEchoGrain>("bench/echo");
        _plain = new Echo();
        await _grain.AddAsync(0);
        await _grain.EchoAsync(_profile);
        await _grain.EchoImmutableAsync(_immutableProfile);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _silo.DisposeAsync();

    [Benchmark(Baseline = true, OperationsPerInvoke = CallsPerInvocation)]
    public async Task<int> PlainInterfaceCall()
    {
        var last = 0;
        for (var i = 0; i < CallsPerInvocation; i++) last = await _plain.AddAsync(1);
        return last;
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvocation)]
    [QualityTarget("≤ 5 µs/call (Orleans ≈ 4 µs measured)")]
    public async Task<int> WarmGrainCall()
    {
        var last = 0;
        for (var i = 0; i < CallsPerInvocation; i++) last = await _grain.AddAsync(1);
        return last;
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvocation)]
    public async Task<int> NormalRead()
    {
        var last = 0;
        for (var i = 0; i < CallsPerInvocation; i++) last = await _grain.CountAsync();
        return last;
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvocation)]
    public async Task<int> ReadOnlyRead()
    {
        var last = 0;
        for (var i = 0; i < CallsPerInvocation; i++) last = await _grain.ReadCountAsync();
        return last;
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvocation)]
    public async Task<int> MutableRecordRoundTrip()
    {
        var workers = 0;
        for (var i = 0; i < CallsPerInvocation; i++) workers += (await _grain.EchoAsync(_profile)).Workers;
        return workers;
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvocation)]
    public async Task<int> ImmutableRecordRoundTrip()
    {
        var workers = 0;
        for (var i = 0; i < CallsPerInvocation; i++) workers += (await _grain.EchoImmutableAsync(_immutableProfile)).Workers;
        return workers;
    }
}

/// <summary>
/// What <c>[ReadOnly]</c> gains when it matters: 64 callers at once reading one grain whose read
/// awaits 1 ms of I/O. Without the attribute the activation serves them one after another
/// (≈ 64 × 1 ms); with it their turns interleave. Time and allocations are per call.
/// </summary>
[MemoryDiagnoser]
public class GrainReadOnlyConcurrencyBenchmarks
{
    private const int Callers = 64;
    private InProcessSilo _silo = null!;
    private IEchoGrain _grain = null!;
    private readonly Task<int>[] _calls = new Task<int>[Callers];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _silo = await InProcessSilo.StartAsync();
        _grain = _silo.Grains.GetGrain<IEchoGrain>("bench/echo-concurrent");
        await _grain.AddAsync(1);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _silo.DisposeAsync();

    [Benchmark(Baseline = true, OperationsPerInvoke = Callers)]
    public async Task<int> NormalRead_64Callers_1msIo()
    {
        for (var i = 0; i < Callers; i++) _calls[i] = _grain.CountAfterIoAsync();
        return (await Task.WhenAll(_calls)).Sum();
    }

    [Benchmark(OperationsPerInvoke = Callers)]
    public async Task<int> ReadOnlyRead_64Callers_1msIo()
    {
        for (var i = 0; i < Callers; i++) _calls[i] = _grain.ReadCountAfterIoAsync();
        return (await Task.WhenAll(_calls)).Sum();
    }
}
