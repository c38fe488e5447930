using System.Security.Cryptography;
using Platform.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Platform.Grains.Statistics;

[GenerateSerializer, Alias("DisclosureKeyState")]
public sealed class DisclosureKeyState
{
    [Id(0)] public byte[]? Key { get; set; }
}

/// <summary>The stored secret of random rounding (<see cref="IDisclosureKeyGrain"/>): 256 random bits drawn on first use.</summary>
[GrainType("disclosure-key")]
public sealed class DisclosureKeyGrain([PersistentState("disclosure")] IPersistentState<DisclosureKeyState> state) : Grain, IDisclosureKeyGrain
{
    public async Task<byte[]> GetKeyAsync()
    {
        if (state.State.Key is { Length: 32 } key) return key;
        state.State.Key = RandomNumberGenerator.GetBytes(32);
        await state.WriteOrReloadAsync(this);
        return state.State.Key;
    }
}
