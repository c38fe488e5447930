using Platform.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Platform.Grains.Tenants;

[GenerateSerializer, Alias("IdempotencyState")]
public sealed class IdempotencyState
{
    [Id(0)] public Dictionary<string, IdempotencyEntry> Entries { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer, Alias("IdempotencyEntry")]
public sealed class IdempotencyEntry
{
    [Id(0)] public string Fingerprint { get; set; } = "";
    [Id(1)] public DateTimeOffset StartedAt { get; set; }
    [Id(2)] public StoredAnswer? Answer { get; set; }
}

/// <summary>
/// One tenant's idempotency records (<see cref="IIdempotencyGrain"/>). Expired records go at each
/// write; past the bounds, the oldest go first. A single activation in the cluster decides, so two
/// hosts receiving the same retry at once cannot both run it.
/// </summary>
[GrainType("idempotency")]
public sealed class IdempotencyGrain(
    [PersistentState("idempotency")] IPersistentState<IdempotencyState> state,
    BusinessClock clock) : Grain, IIdempotencyGrain
{
    public async Task<IdempotencyDecision> BeginAsync(string key, string fingerprint)
    {
        var now = clock.GetUtcNow();
        if (state.State.Entries.TryGetValue(key, out var entry) && now - entry.StartedAt < IIdempotencyGrain.Lifetime)
        {
            if (entry.Fingerprint != fingerprint) return new(IdempotencyOutcome.Mismatch);
            if (entry.Answer is { } answer) return new(IdempotencyOutcome.Replay, answer);
            return new(now - entry.StartedAt < IIdempotencyGrain.RunningLimit ? IdempotencyOutcome.InProgress : IdempotencyOutcome.Unknown);
        }
        state.State.Entries[key] = new IdempotencyEntry { Fingerprint = fingerprint, StartedAt = now };
        Trim(now);
        await state.WriteOrReloadAsync(this);
        return new(IdempotencyOutcome.Proceed);
    }

    public async Task CompleteAsync(string key, StoredAnswer answer)
    {
        if (!state.State.Entries.TryGetValue(key, out var entry) || entry.Answer is not null) return;
        if (answer.Body.Length > IIdempotencyGrain.MaxAnswerBytes)
        {
            // Too large to keep: a retry runs again, as without the header.
            state.State.Entries.Remove(key);
        }
        else
        {
            entry.Answer = answer;
        }
        Trim(clock.GetUtcNow());
        await state.WriteOrReloadAsync(this);
    }

    public async Task ReleaseAsync(string key)
    {
        if (state.State.Entries.Remove(key)) await state.WriteOrReloadAsync(this);
    }

    private void Trim(DateTimeOffset now)
    {
        var entries = state.State.Entries;
        foreach (var expired in entries.Where(e => now - e.Value.StartedAt >= IIdempotencyGrain.Lifetime).Select(e => e.Key).ToList())
            entries.Remove(expired);
        var bytes = entries.Values.Sum(e => (long)(e.Answer?.Body.Length ?? 0));
        foreach (var (oldest, entry) in entries.OrderBy(e => e.Value.StartedAt).ToList())
        {
            if (entries.Count <= IIdempotencyGrain.MaxEntries && bytes <= IIdempotencyGrain.MaxTotalBytes) break;
            entries.Remove(oldest);
            bytes -= entry.Answer?.Body.Length ?? 0;
        }
    }
}
