using Orleans;
using Orleans.Runtime;

namespace Platform.Storage.FileStore.Tests;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<CounterView> GetAsync();

    Task<CounterView> IncrementAsync();

    Task<CounterView> ClearAsync();
}

/// <summary>What a counter grain holds, and which activation (on which silo) answered.</summary>
[GenerateSerializer, Immutable]
public sealed record CounterView(
    [property: Id(0)] int Value,
    [property: Id(1)] string? ETag,
    [property: Id(2)] bool RecordExists,
    [property: Id(3)] string Silo,
    [property: Id(4)] Guid Activation);

/// <summary>A grain on the provider named "file".</summary>
[GrainType("test-counter")]
public sealed class CounterGrain([PersistentState("s", "file")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    private readonly Guid _activation = Guid.NewGuid();

    public Task<CounterView> GetAsync() => Task.FromResult(View());

    public async Task<CounterView> IncrementAsync()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return View();
    }

    public async Task<CounterView> ClearAsync()
    {
        await state.ClearStateAsync();
        return View();
    }

    private CounterView View() => new(state.State.Value, state.Etag, state.RecordExists, RuntimeIdentity, _activation);
}

public interface IDefaultCounterGrain : IGrainWithStringKey
{
    Task<CounterView> IncrementAsync();
}

/// <summary>A grain that names no storage: it gets the default provider.</summary>
[GrainType("test-default-counter")]
public sealed class DefaultCounterGrain([PersistentState("s")] IPersistentState<CounterState> state) : Grain, IDefaultCounterGrain
{
    public async Task<CounterView> IncrementAsync()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return new(state.State.Value, state.Etag, state.RecordExists, RuntimeIdentity, Guid.Empty);
    }
}
