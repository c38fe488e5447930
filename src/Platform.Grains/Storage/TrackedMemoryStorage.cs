using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;
using Platform.Abstractions.Storage;

namespace Platform.Grains.Storage;

public static class MemoryStorageSetup
{
    /// <summary>Orleans's memory storage as the default store, wrapped so that a tenant's states can be listed (export, deletion).</summary>
    public static ISiloBuilder AddPlatformMemoryStorage(this ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(TrackedMemoryStorage.InnerName);
        silo.Services.AddSingleton(sp => new TrackedMemoryStorage(sp.GetRequiredKeyedService<IGrainStorage>(TrackedMemoryStorage.InnerName)));
        silo.Services.AddKeyedSingleton<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (sp, _) => sp.GetRequiredService<TrackedMemoryStorage>());
        silo.Services.AddSingleton<IGrainStorage>(sp => sp.GetRequiredService<TrackedMemoryStorage>());
        silo.Services.AddSingleton<ITenantStateStore>(sp => sp.GetRequiredService<TrackedMemoryStorage>());
        return silo;
    }
}

/// <summary>
/// Orleans's memory storage, plus the list of what was written to it, so that a tenant's states can
/// be exported and deleted on the memory store as on the others. Memory is for tests and demos:
/// the list lives in this silo only, like the data in a one-silo cluster.
/// </summary>
public sealed class TrackedMemoryStorage(IGrainStorage inner) : IGrainStorage, ITenantStateStore
{
    public const string InnerName = "platform-memory";

    private readonly ConcurrentDictionary<(GrainId Grain, string StateName), byte> _written = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await inner.WriteStateAsync(stateName, grainId, grainState);
        _written[(grainId, stateName)] = 0;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await inner.ClearStateAsync(stateName, grainId, grainState);
        _written.TryRemove((grainId, stateName), out _);
    }

    public async IAsyncEnumerable<StoredGrainState> ExportTenantAsync(string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var (grain, stateName) in Of(tenantId))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var state = new GrainState<JsonElement>();
            await inner.ReadStateAsync(stateName, grain, state);
            if (!state.RecordExists) continue;
            yield return new StoredGrainState(grain.Type.ToString()!, grain.Key.ToString()!, stateName, state.ETag ?? "", state.State.GetRawText());
        }
    }

    public async Task<int> DeleteTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var (grain, stateName) in Of(tenantId))
        {
            var state = new GrainState<JsonElement>();
            await inner.ReadStateAsync(stateName, grain, state);
            if (state.RecordExists)
            {
                await inner.ClearStateAsync(stateName, grain, state);
                deleted++;
            }
            _written.TryRemove((grain, stateName), out _);
        }
        return deleted;
    }

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    private List<(GrainId Grain, string StateName)> Of(string tenantId) =>
        _written.Keys.Where(k => TenantKeys.BelongsTo(k.Grain.Key.ToString()!, tenantId))
            .OrderBy(k => k.Grain.ToString(), StringComparer.Ordinal).ThenBy(k => k.StateName, StringComparer.Ordinal)
            .ToList();
}
