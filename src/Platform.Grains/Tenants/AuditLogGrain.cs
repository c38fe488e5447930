using Platform.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Platform.Grains.Tenants;

public sealed class AuditLogState
{
    public List<AuditEntry> Entries { get; set; } = [];
}

/// <summary>One tenant's audit entries for one month (key <c>{tenant}/{yyyy-MM}</c>).</summary>
[CollectionAgeLimit(Minutes = 5)]
[GrainType("audit-log")]
public sealed class AuditLogGrain([PersistentState("audit")] IPersistentState<AuditLogState> state) : Grain, IAuditLogGrain
{
    public async Task AppendAsync(AuditEntry entry)
    {
        state.State.Entries.Add(entry);
        await state.WriteOrReloadAsync(this);
    }

    public Task<IReadOnlyList<AuditEntry>> ListAsync() =>
        Task.FromResult<IReadOnlyList<AuditEntry>>(state.State.Entries.ToList());
}
