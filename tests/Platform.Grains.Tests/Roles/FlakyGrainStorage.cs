using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;
using Platform.Grains.Storage;

namespace Platform.Grains.Tests.Roles;

/// <summary>
/// The failure switch a test arms, shared by every silo of the cluster: the next matching write,
/// on whichever silo the grain lives, fails as an outage would (the write does not land). Lets a
/// test stop a multi-grain operation between any two of its writes. The failure is a plain
/// <see cref="IOException"/> whose message starts with "Injected failure".
/// </summary>
public sealed class StorageFaults
{
    private readonly Lock _gate = new();
    private readonly List<string> _writes = [];
    private Func<string, GrainId, bool>? _matches;
    private int _skip;

    /// <summary>Every write that reached the store, as "stateName grainKey", in order.</summary>
    public IReadOnlyList<string> Writes
    {
        get { lock (_gate) return [.. _writes]; }
    }

    public int WriteCount
    {
        get { lock (_gate) return _writes.Count; }
    }

    /// <summary>The next write matching <paramref name="matches"/> after <paramref name="skip"/> matching ones fails.</summary>
    public void FailWrite(Func<string, GrainId, bool> matches, int skip = 0)
    {
        lock (_gate)
        {
            _matches = matches;
            _skip = skip;
        }
    }

    /// <summary>Fails the (<paramref name="n"/>+1)-th write from now, whatever it is.</summary>
    public void FailNthWrite(int n) => FailWrite((_, _) => true, n);

    /// <summary>Throws the injected failure if this write is the armed one; otherwise records it.</summary>
    internal void BeforeWrite(string stateName, GrainId grainId)
    {
        lock (_gate)
        {
            if (_matches is not null && _matches(stateName, grainId))
            {
                if (_skip == 0)
                {
                    _matches = null;
                    throw new IOException($"Injected failure writing {stateName} of {grainId}.");
                }
                _skip--;
            }
            _writes.Add($"{stateName} {grainId.Key}");
        }
    }
}

/// <summary>A decorator of the silo's store whose writes fail when the shared <see cref="StorageFaults"/> says so.</summary>
public sealed class FlakyGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        faults.BeforeWrite(stateName, grainId);
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}

public static class FlakyGrainStorageSetup
{
    /// <summary>
    /// Puts a <see cref="FlakyGrainStorage"/> in front of the platform's memory store on this silo,
    /// as the default store (keyed and unkeyed), all silos sharing <paramref name="faults"/>.
    /// Must run after <see cref="MemoryStorageSetup.AddPlatformMemoryStorage"/>: the last registration wins.
    /// </summary>
    public static ISiloBuilder AddFlakyGrainStorage(this ISiloBuilder silo, StorageFaults faults)
    {
        silo.Services.AddSingleton(faults);
        silo.Services.AddSingleton(sp => new FlakyGrainStorage(sp.GetRequiredService<TrackedMemoryStorage>(), faults));
        silo.Services.AddKeyedSingleton<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (sp, _) => sp.GetRequiredService<FlakyGrainStorage>());
        silo.Services.AddSingleton<IGrainStorage>(sp => sp.GetRequiredService<FlakyGrainStorage>());
        return silo;
    }
}
