using Orleans;
using Orleans.Runtime;
using Platform.Abstractions;
using Platform.Abstractions.Governance;

namespace Platform.Grains.Governance;

/// <summary>
/// The list of a tenant's bodies (key <c>{tenantId}</c>), so the tenant's bodies are found without
/// reading every key. Only body grains write here, after storing themselves; this grain calls nobody.
/// </summary>
[GrainType("tenant-bodies")]
public sealed class TenantBodiesGrain(
    [PersistentState("tenant-bodies")] IPersistentState<TenantBodiesState> state) : Grain, ITenantBodiesGrain
{
    /// <summary>Boards, assemblies, committees, councils: a federation has a handful, a large one a few dozen.</summary>
    public const int MaxBodies = 200;

    public async Task RecordAsync(BodySummary body)
    {
        var index = state.State.Bodies.FindIndex(b => b.Id == body.Id);
        if (index >= 0 && state.State.Bodies[index] == body) return;
        if (index < 0 && state.State.Bodies.Count >= MaxBodies)
            throw new ConflictException($"A tenant keeps at most {MaxBodies} governance bodies.");
        if (index < 0) state.State.Bodies.Add(body);
        else state.State.Bodies[index] = body;
        await state.WriteOrReloadAsync(this);
    }

    public Task<IReadOnlyList<BodySummary>> ListAsync() =>
        Task.FromResult<IReadOnlyList<BodySummary>>(state.State.Bodies
            .OrderBy(b => b.Kind).ThenBy(b => b.Name.Fr, StringComparer.CurrentCulture).ToList());
}

[GenerateSerializer, Alias("TenantBodiesState")]
public sealed class TenantBodiesState
{
    [Id(0)] public List<BodySummary> Bodies { get; set; } = [];
}
