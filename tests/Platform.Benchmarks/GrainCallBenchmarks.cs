using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Platform.Runtime;

namespace Platform.Benchmarks;

public interface IEchoGrain : IGrainWithStringKey
{
    Task<int> AddAsync(int value);
}

public sealed class EchoGrain : Grain, IEchoGrain
{
    private int _total;

    public Task<int> AddAsync(int value)
    {
        _total += value;
        return Task.FromResult(_total);
    }
}

/// <summary>The same work behind a plain interface, to compare a warm grain call with a direct call.</summary>
public sealed class PlainEcho : IEchoGrain
{
    private int _total;

    public Task<int> AddAsync(int value)
    {
        _total += value;
        return Task.FromResult(_total);
    }
}

/// <summary>
/// Warm in-process grain call (QUALITY.md target ≥ 2 M calls/s on 2 cores) against a plain
/// interface call on the same machine, each measured over a batch of awaited calls.
/// </summary>
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    private const int CallsPerInvocation = 10_000;
    private ServiceProvider _services = null!;
    private IEchoGrain _grain = null!;
    private IEchoGrain _plain = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGrainRuntime().AddGrain<EchoGrain>().AddMemoryGrainStorage();
        _services = services.BuildServiceProvider();
        _grain = _services.GetRequiredService<IGrainFactory>().GetGrain<IEchoGrain>("bench/echo");
        _plain = new PlainEcho();
        await _grain.AddAsync(0);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.GetRequiredService<GrainRuntime>().DeactivateAllAsync();
        await _services.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = CallsPerInvocation)]
    public async Task<int> PlainInterfaceCall()
    {
        var last = 0;
        for (var i = 0; i < CallsPerInvocation; i++) last = await _plain.AddAsync(1);
        return last;
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvocation)]
    public async Task<int> WarmGrainCall()
    {
        var last = 0;
        for (var i = 0; i < CallsPerInvocation; i++) last = await _grain.AddAsync(1);
        return last;
    }
}
