using Platform.Runtime;

namespace Platform.Runtime.Tests;

/// <summary>Records what happens inside grains so tests can observe turns from outside.</summary>
public sealed class Probe
{
    private int _inside;
    private int _maxInside;
    public int Constructions;
    public int Activations;
    public readonly List<string> Events = [];

    public void Enter()
    {
        var now = Interlocked.Increment(ref _inside);
        int seen;
        while ((seen = Volatile.Read(ref _maxInside)) < now && Interlocked.CompareExchange(ref _maxInside, now, seen) != seen) { }
    }

    public void Leave() => Interlocked.Decrement(ref _inside);
    public int MaxConcurrent => Volatile.Read(ref _maxInside);

    private readonly Dictionary<string, TaskCompletionSource> _waiters = [];

    public void Record(string e)
    {
        TaskCompletionSource? waiter;
        lock (Events)
        {
            Events.Add(e);
            _waiters.Remove(e, out waiter);
        }
        waiter?.TrySetResult();
    }

    /// <summary>Completes once the event has been recorded (at once if it already was).</summary>
    public Task WhenRecorded(string e)
    {
        lock (Events)
        {
            if (Events.Contains(e)) return Task.CompletedTask;
            if (!_waiters.TryGetValue(e, out var waiter))
                _waiters[e] = waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return waiter.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
    }

    public string[] Snapshot()
    {
        lock (Events) return [.. Events];
    }
}

/// <summary>Gates a test opens to let a grain method go on.</summary>
public sealed class Gates
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    public TaskCompletionSource Get(string name) => _gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    public void Open(string name) => Get(name).TrySetResult();
}

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();
    [ReadOnly] Task<int> GetAsync();
    Task<string?> EtagAsync();
    Task ClearAsync();
    Task<bool> RecordExistsAsync();
    Task DeactivateAsync();
}

public sealed class CounterState
{
    public int Value { get; set; }
    public int LoadedBeforeActivate { get; set; }
}

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state, Probe probe) : Grain, ICounterGrain
{
    public int ValueSeenOnActivate { get; private set; } = -1;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref probe.Activations);
        probe.Record($"activate {GetPrimaryKeyString()} value={state.State.Value}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"deactivate {GetPrimaryKeyString()} {reason}");
        return Task.CompletedTask;
    }

    public async Task<int> IncrementAsync()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Value);
    public Task<string?> EtagAsync() => Task.FromResult(state.Etag);
    public Task ClearAsync() => state.ClearStateAsync();
    public Task<bool> RecordExistsAsync() => Task.FromResult(state.RecordExists);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

public interface ITurnGrain : IGrainWithStringKey
{
    Task WorkAsync(string gate);
    [ReadOnly] Task ReadAsync(string gate);
    [AlwaysInterleave] Task PingAsync(string name);
    Task<string> KeyFromConstructorAsync();
    Task ThrowAsync(string message);
    Task ThrowSynchronouslyAsync(string message);
    Task<string?> ContextValueAsync(string key);
    Task<string?> SetContextAndCallAsync(string key, string value, string otherKey);
    Task CallAsync(string otherKey, string gate);
}

public sealed class TurnException(string message, int code) : Exception(message)
{
    public int Code { get; } = code;
}

public sealed class TurnGrain : Grain, ITurnGrain
{
    private readonly Probe _probe;
    private readonly Gates _gates;
    private readonly string _keyInConstructor;

    public TurnGrain(Probe probe, Gates gates)
    {
        _probe = probe;
        _gates = gates;
        _keyInConstructor = GetPrimaryKeyString();
        Interlocked.Increment(ref probe.Constructions);
    }

    public async Task WorkAsync(string gate)
    {
        _probe.Enter();
        _probe.Record($"start {gate}");
        try
        {
            await _gates.Get(gate).Task;
        }
        finally
        {
            _probe.Record($"end {gate}");
            _probe.Leave();
        }
    }

    public Task ReadAsync(string gate) => WorkAsync(gate);

    public Task PingAsync(string name)
    {
        _probe.Record($"ping {name}");
        return Task.CompletedTask;
    }

    public Task<string> KeyFromConstructorAsync() => Task.FromResult(_keyInConstructor);
    public Task ThrowAsync(string message) => Task.FromException(new TurnException(message, 42));
    public Task ThrowSynchronouslyAsync(string message) => throw new TurnException(message, 7);
    public Task<string?> ContextValueAsync(string key) => Task.FromResult(RequestContext.Get(key) as string);

    public async Task<string?> SetContextAndCallAsync(string key, string value, string otherKey)
    {
        RequestContext.Set(key, value);
        return await GrainFactory.GetGrain<ITurnGrain>(otherKey).ContextValueAsync(key);
    }

    public async Task CallAsync(string otherKey, string gate)
    {
        _probe.Record($"call {GetPrimaryKeyString()}→{otherKey}");
        await GrainFactory.GetGrain<ITurnGrain>(otherKey).WorkAsync(gate);
    }
}

public interface ICycleGrain : IGrainWithStringKey
{
    /// <summary>Calls the next key in the path; the last one calls back into the first.</summary>
    Task<string> ForwardAsync(string[] path, int index);
    [ReadOnly] Task<string> ReadForwardAsync(string[] path, int index);
}

public sealed class CycleGrain : Grain, ICycleGrain
{
    public Task<string> ForwardAsync(string[] path, int index) =>
        index >= path.Length
            ? Task.FromResult("end")
            : GrainFactory.GetGrain<ICycleGrain>(path[index]).ForwardAsync(path, index + 1);

    public Task<string> ReadForwardAsync(string[] path, int index) =>
        index >= path.Length
            ? Task.FromResult("end")
            : GrainFactory.GetGrain<ICycleGrain>(path[index]).ReadForwardAsync(path, index + 1);
}

public interface IReentrantGrain : IGrainWithStringKey
{
    Task WorkAsync(string gate);
}

[Reentrant]
public sealed class ReentrantGrain(Probe probe, Gates gates) : Grain, IReentrantGrain
{
    public async Task WorkAsync(string gate)
    {
        probe.Enter();
        probe.Record($"start {gate}");
        try
        {
            await gates.Get(gate).Task;
        }
        finally
        {
            probe.Leave();
        }
    }
}

public interface IShortLivedGrain : IGrainWithStringKey
{
    Task TouchAsync();
}

[CollectionAgeLimit(Minutes = 2)]
public sealed class ShortLivedGrain(Probe probe) : Grain, IShortLivedGrain
{
    public Task TouchAsync() => Task.CompletedTask;

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"deactivate short {GetPrimaryKeyString()} {reason}");
        return Task.CompletedTask;
    }
}

public interface IFailingActivationGrain : IGrainWithStringKey
{
    Task<int> GetAsync();
}

public sealed class FailingActivationGrain(Probe probe) : Grain, IFailingActivationGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Fails the first activation only; the second must be a fresh attempt.
        return Interlocked.Increment(ref probe.Activations) == 1
            ? Task.FromException(new InvalidOperationException("activation failed on purpose"))
            : Task.CompletedTask;
    }

    public Task<int> GetAsync() => Task.FromResult(probe.Activations);
}
