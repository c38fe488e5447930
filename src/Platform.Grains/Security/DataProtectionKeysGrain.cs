using Orleans;
using Orleans.Runtime;
using Platform.Abstractions;

namespace Platform.Grains.Security;

[GenerateSerializer, Alias("DataProtectionKeysState")]
public sealed class DataProtectionKeysState
{
    [Id(0)] public List<DataProtectionKey> Keys { get; set; } = [];
}

[GrainType("data-protection-keys")]
public sealed class DataProtectionKeysGrain(
    [PersistentState("keys")] IPersistentState<DataProtectionKeysState> state) : Grain, IDataProtectionKeysGrain
{
    /// <summary>Keys are made every 90 days: 100 is decades, and the state stays small.</summary>
    private const int MaxKeys = 100;

    public Task<IReadOnlyList<DataProtectionKey>> ListAsync() => Task.FromResult<IReadOnlyList<DataProtectionKey>>(state.State.Keys.ToList());

    public async Task AddAsync(DataProtectionKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (state.State.Keys.Any(k => k.FriendlyName == key.FriendlyName && k.Xml == key.Xml)) return;
        state.State.Keys.Add(key);
        if (state.State.Keys.Count > MaxKeys) state.State.Keys.RemoveRange(0, state.State.Keys.Count - MaxKeys);
        await state.WriteOrReloadAsync(this);
    }
}
