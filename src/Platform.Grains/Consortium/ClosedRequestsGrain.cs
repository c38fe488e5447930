using Platform.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Platform.Grains.Consortium;

public sealed class ClosedRequestsState
{
    [Id(0)] public List<ClosedRequestEntry> Entries { get; set; } = [];
}

/// <summary>One year of a consortium's closed requests: a bounded index, latest first when listed.</summary>
[CollectionAgeLimit(Minutes = 5)]
[GrainType("closed-requests")]
public sealed class ClosedRequestsGrain([PersistentState("closed-requests")] IPersistentState<ClosedRequestsState> state) : Grain, IClosedRequestsGrain
{
    /// <summary>Far above a consortium's yearly requests (the book holds at most 2,000 in hand); keeps the state small.</summary>
    public const int MaxEntries = 20_000;

    public async Task RecordAsync(ClosedRequestEntry entry)
    {
        if (state.State.Entries.Exists(e => e.RequestId == entry.RequestId)) return;
        if (state.State.Entries.Count >= MaxEntries)
            throw new ConflictException($"A consortium's index of closed requests holds at most {MaxEntries} a year.");
        state.State.Entries.Add(entry);
        await state.WriteOrReloadAsync(this);
    }

    public Task<IReadOnlyList<ClosedRequestEntry>> ListAsync() =>
        Task.FromResult<IReadOnlyList<ClosedRequestEntry>>(state.State.Entries
            .OrderByDescending(e => e.ClosedOn).ThenBy(e => e.RequestId, StringComparer.Ordinal).ToList());
}
