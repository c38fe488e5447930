using System.Collections.Concurrent;

namespace Platform.Runtime;

/// <summary>
/// The resident activations, at most one per grain id in this process. Concurrent first calls to
/// the same id race on <see cref="ConcurrentDictionary{TKey,TValue}.GetOrAdd(TKey,TValue)"/>: the
/// losers' activation objects are discarded before they ever construct a grain, so exactly one
/// activation runs.
/// </summary>
internal sealed class Catalog(GrainRuntime runtime)
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private long _useSequence;
    private int _count;
    private int _evicting;

    public int Count => Volatile.Read(ref _count);

    public long NextUseSequence() => Interlocked.Increment(ref _useSequence);

    public bool Contains(GrainId grainId) => _activations.ContainsKey(grainId);

    public ActivationData GetOrCreate(GrainId grainId, GrainTypeInfo grainType)
    {
        if (_activations.TryGetValue(grainId, out var existing)) return existing;
        var created = new ActivationData(runtime, grainId, grainType);
        var actual = _activations.GetOrAdd(grainId, created);
        if (ReferenceEquals(actual, created) && Interlocked.Increment(ref _count) > runtime.Options.MaxActivations)
            EvictLeastRecentlyUsed();
        return actual;
    }

    public void Remove(ActivationData activation)
    {
        if (_activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation)))
            Interlocked.Decrement(ref _count);
    }

    /// <summary>
    /// Over the bound: deactivate the least recently used idle activations until a tenth of the
    /// bound is free, so the sort is paid once per many activations rather than on each.
    /// </summary>
    private void EvictLeastRecentlyUsed()
    {
        if (Interlocked.Exchange(ref _evicting, 1) == 1) return;
        try
        {
            var max = runtime.Options.MaxActivations;
            var target = max - max / 10;
            var excess = Count - target;
            if (excess <= 0) return;
            var victims = _activations.Values
                .Where(a => a.IsIdle)
                .OrderBy(a => a.LastUsedSequence)
                .Take(excess)
                .ToList();
            foreach (var victim in victims) victim.RequestDeactivation(DeactivationReason.ActivationLimit);
        }
        finally
        {
            Volatile.Write(ref _evicting, 0);
        }
    }

    public Task CollectIdleAsync()
    {
        // Each round also restores the activation bound, which a burst of concurrent first calls can overrun.
        if (Count > runtime.Options.MaxActivations) EvictLeastRecentlyUsed();
        var now = runtime.TimeProvider.GetTimestamp();
        var collected = new List<Task>();
        var maxLifetime = runtime.Options.MaxActivationLifetime;
        foreach (var activation in _activations.Values)
        {
            if (maxLifetime is { } lifetime && activation.IsValid
                && runtime.TimeProvider.GetElapsedTime(activation.CreatedTimestamp, now) >= lifetime)
            {
                // Old enough to risk serving stale state written by another replica: reload it,
                // even if busy (the running turn finishes first).
                activation.RequestDeactivation(DeactivationReason.Idle);
                collected.Add(activation.Deactivated);
                continue;
            }
            if (!activation.IsIdle) continue;
            var idleFor = runtime.TimeProvider.GetElapsedTime(activation.LastUsedTimestamp, now);
            if (idleFor < activation.GrainType.CollectionAge) continue;
            activation.RequestDeactivation(DeactivationReason.Idle);
            collected.Add(activation.Deactivated);
        }
        return Task.WhenAll(collected);
    }

    public Task DeactivateAllAsync(DeactivationReason reason)
    {
        var all = _activations.Values.ToList();
        foreach (var activation in all) activation.RequestDeactivation(reason);
        return Task.WhenAll(all.Select(a => a.Deactivated));
    }

    public Task DeactivatePartitionAsync(string partition)
    {
        var inPartition = _activations.Values.Where(a => a.GrainId.Partition == partition).ToList();
        foreach (var activation in inPartition) activation.RequestDeactivation(DeactivationReason.ApplicationRequested);
        return Task.WhenAll(inPartition.Select(a => a.Deactivated));
    }

    public Task DeactivateAsync(GrainId grainId, DeactivationReason reason)
    {
        if (!_activations.TryGetValue(grainId, out var activation)) return Task.CompletedTask;
        activation.RequestDeactivation(reason);
        return activation.Deactivated;
    }
}
