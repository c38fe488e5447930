using Platform.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Platform.Grains.Federations;

/// <summary>
/// The graph of affiliations (key <see cref="IAffiliationRegistryGrain.Key"/>). One grain holds every
/// edge because refusing cycles needs one consistent view: two federations accepting each other at
/// the same moment are serialized here, and across replicas the ETag makes the second write fail
/// rather than land. Reads (the descendants a network count walks) are cached until the next change.
/// </summary>
[GrainType("affiliation-registry")]
public sealed class AffiliationRegistryGrain(
    [PersistentState("affiliations")] IPersistentState<AffiliationRegistryState> state,
    BusinessClock clock) : Grain, IAffiliationRegistryGrain
{
    private const int MaxAffiliations = 10_000;

    /// <summary>
    /// Ended affiliations are remembered this long (a network's feed reads the departures of the
    /// last report years, not of all time) and at most <see cref="MaxEnded"/> of them, the oldest
    /// going first: the state stays small however many federations come and go.
    /// </summary>
    internal static readonly TimeSpan EndedKeptFor = TimeSpan.FromDays(5 * 365);

    internal const int MaxEnded = 1_000;

    // Dropped on every write; Orleans runs one turn at a time, so no lock is needed.
    private Dictionary<string, IReadOnlyList<string>> _descendants = new(StringComparer.Ordinal);

    public async Task<Affiliation> RequestAsync(string childId, string parentId)
    {
        Ids.Require(childId, "childId");
        Ids.Require(parentId, "parentId");
        if (childId == parentId) throw new ConflictException("A federation cannot join its own network: that would be a cycle.");
        await RequireFederationAsync(childId, isParent: false);
        await RequireFederationAsync(parentId, isParent: true);

        var existing = Find(parentId, childId);
        if (existing is { Status: AffiliationStatus.Accepted })
            throw new ConflictException($"'{childId}' is already affiliated to '{parentId}'.");
        if (existing is not null) return existing;
        if (state.State.Affiliations.Count >= MaxAffiliations) throw new ConflictException("Too many affiliations.");

        var affiliation = new Affiliation(parentId, childId, AffiliationStatus.Pending, clock.GetUtcNow(), null);
        state.State.Affiliations.Add(affiliation);
        await WriteAsync();
        return affiliation;
    }

    public async Task<Affiliation> AcceptAsync(string parentId, string childId)
    {
        Ids.Require(parentId, "parentId");
        Ids.Require(childId, "childId");
        var existing = Find(parentId, childId)
            ?? throw new NotFoundException($"'{childId}' has not asked to join '{parentId}'.");
        if (existing.Status == AffiliationStatus.Accepted) return existing;
        if (parentId == childId || Below(childId).Contains(parentId))
            throw new ConflictException($"Accepting '{childId}' would put '{parentId}' inside its own network (a cycle).");

        var accepted = existing with { Status = AffiliationStatus.Accepted, AcceptedAt = clock.GetUtcNow() };
        state.State.Affiliations[state.State.Affiliations.IndexOf(existing)] = accepted;
        await WriteAsync();
        return accepted;
    }

    public async Task DeclineAsync(string parentId, string childId)
    {
        Ids.Require(parentId, "parentId");
        Ids.Require(childId, "childId");
        var existing = Find(parentId, childId)
            ?? throw new NotFoundException($"'{childId}' has not asked to join '{parentId}'.");
        if (existing.Status == AffiliationStatus.Accepted)
            throw new ConflictException($"'{childId}' is already an affiliate of '{parentId}'; remove it instead of declining.");
        state.State.Affiliations.Remove(existing);
        await WriteAsync();
    }

    public async Task RemoveAsync(string parentId, string childId, AffiliationEndedBy endedBy)
    {
        Ids.Require(parentId, "parentId");
        Ids.Require(childId, "childId");
        if (!Enum.IsDefined(endedBy)) throw ValidationFailedException.For("endedBy", "'endedBy' is not a known value.");
        var existing = Find(parentId, childId)
            ?? throw new NotFoundException($"'{childId}' is not affiliated to '{parentId}' and has not asked to be.");
        state.State.Affiliations.Remove(existing);
        RememberEnded([existing], endedBy);
        await WriteAsync();
    }

    public async Task<IReadOnlyList<Affiliation>> RemoveTenantAsync(string tenantId)
    {
        Ids.Require(tenantId, "tenantId");
        var removed = await ListAsync(tenantId);
        if (removed.Count == 0 && !state.State.Ended.Exists(e => e.ParentId == tenantId)) return removed;
        state.State.Affiliations.RemoveAll(a => a.ParentId == tenantId || a.ChildId == tenantId);
        // Its parents' figures dropped: they read the departure. Its own network's history goes with
        // it, so a new tenant given the freed id never inherits it.
        state.State.Ended.RemoveAll(e => e.ParentId == tenantId);
        RememberEnded(removed.Where(a => a.ChildId == tenantId), AffiliationEndedBy.Deletion);
        await WriteAsync();
        return removed;
    }

    public Task<IReadOnlyList<Affiliation>> ListAsync(string tenantId) =>
        Task.FromResult<IReadOnlyList<Affiliation>>(state.State.Affiliations
            .Where(a => a.ParentId == tenantId || a.ChildId == tenantId)
            .OrderBy(a => a.ParentId, StringComparer.Ordinal).ThenBy(a => a.ChildId, StringComparer.Ordinal)
            .ToList());

    public Task<IReadOnlyList<string>> GetDescendantsAsync(string rootId)
    {
        if (!_descendants.TryGetValue(rootId, out var descendants))
            _descendants[rootId] = descendants = Below(rootId);
        return Task.FromResult(descendants);
    }

    public Task<IReadOnlyList<NetworkChange>> GetNetworkChangesAsync(string rootId)
    {
        Ids.Require(rootId, "rootId");
        var depths = Depths(rootId);
        var since = clock.GetUtcNow() - EndedKeptFor;
        var changes = new List<NetworkChange>();
        foreach (var a in state.State.Affiliations)
        {
            if (a.Status != AffiliationStatus.Accepted || !depths.TryGetValue(a.ParentId, out var above)) continue;
            changes.Add(new NetworkChange(a.AcceptedAt ?? a.RequestedAt, NetworkEventKind.Joined, a.ChildId, a.ParentId, above + 1, null));
        }
        foreach (var e in state.State.Ended)
        {
            // The root's own departures are not its network's; nor are those under a federation outside it now.
            if (e.LeftAt < since || e.ChildId == rootId || !depths.TryGetValue(e.ParentId, out var above)) continue;
            changes.Add(new NetworkChange(e.JoinedAt, NetworkEventKind.Joined, e.ChildId, e.ParentId, above + 1, null));
            changes.Add(new NetworkChange(e.LeftAt, NetworkEventKind.Left, e.ChildId, e.ParentId, above + 1, e.EndedBy));
        }
        // Newest first; at one instant a departure is newer than the join it ends.
        return Task.FromResult<IReadOnlyList<NetworkChange>>(changes
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Kind)
            .ThenBy(c => c.ChildId, StringComparer.Ordinal).ThenBy(c => c.ParentId, StringComparer.Ordinal)
            .ToList());
    }

    public async Task ImportAsync(IReadOnlyList<Affiliation> affiliations)
    {
        ArgumentNullException.ThrowIfNull(affiliations);
        if (state.State.Affiliations.Count > 0) throw new ConflictException("The affiliation registry is not empty; import only fills an empty one.");
        if (affiliations.Count > MaxAffiliations) throw ValidationFailedException.For("affiliations", $"At most {MaxAffiliations} affiliations.");
        var loaded = new List<Affiliation>();
        foreach (var affiliation in affiliations)
        {
            Ids.Require(affiliation.ParentId, "parentId");
            Ids.Require(affiliation.ChildId, "childId");
            if (!Enum.IsDefined(affiliation.Status)) throw ValidationFailedException.For("status", "'status' is not a known value.");
            if (loaded.Exists(a => a.ParentId == affiliation.ParentId && a.ChildId == affiliation.ChildId))
                throw ValidationFailedException.For("affiliations", $"'{affiliation.ChildId}' → '{affiliation.ParentId}' appears twice.");
            loaded.Add(affiliation);
        }
        foreach (var id in loaded.SelectMany(a => new[] { a.ParentId, a.ChildId }).Distinct(StringComparer.Ordinal))
            await RequireFederationAsync(id, isParent: true);

        // The same check as accepting them one by one, in order.
        state.State.Affiliations = [];
        foreach (var affiliation in loaded)
        {
            if (affiliation.Status == AffiliationStatus.Accepted &&
                (affiliation.ParentId == affiliation.ChildId || Below(affiliation.ChildId).Contains(affiliation.ParentId)))
            {
                state.State.Affiliations = [];
                throw new ConflictException($"'{affiliation.ChildId}' → '{affiliation.ParentId}' would close a cycle.");
            }
            state.State.Affiliations.Add(affiliation);
        }
        await WriteAsync();
    }

    private Affiliation? Find(string parentId, string childId) =>
        state.State.Affiliations.Find(a => a.ParentId == parentId && a.ChildId == childId);

    /// <summary>
    /// Keeps the accepted ones among affiliations that just ended, then forgets those past
    /// <see cref="EndedKeptFor"/> and the oldest beyond <see cref="MaxEnded"/>.
    /// </summary>
    private void RememberEnded(IEnumerable<Affiliation> ended, AffiliationEndedBy endedBy)
    {
        var now = clock.GetUtcNow();
        foreach (var a in ended.Where(a => a.Status == AffiliationStatus.Accepted))
            state.State.Ended.Add(new EndedAffiliation(a.ParentId, a.ChildId, a.AcceptedAt ?? a.RequestedAt, now, endedBy));
        state.State.Ended.RemoveAll(e => e.LeftAt < now - EndedKeptFor);
        if (state.State.Ended.Count > MaxEnded) state.State.Ended.RemoveRange(0, state.State.Ended.Count - MaxEnded);
    }

    /// <summary>How far below the root each federation of its network sits (the root at 0), by its shortest path of accepted affiliations.</summary>
    private Dictionary<string, int> Depths(string rootId) =>
        Network(rootId).ToDictionary(f => f.Id, f => f.Depth, StringComparer.Ordinal);

    /// <summary>Accepted descendants of a federation, breadth first, each once, the federation itself excluded.</summary>
    private List<string> Below(string rootId) => Network(rootId).Skip(1).Select(f => f.Id).ToList();

    /// <summary>
    /// The root and every federation of its network, breadth first (children in id order), each once
    /// with the length of its shortest path of accepted affiliations from the root.
    /// </summary>
    private List<(string Id, int Depth)> Network(string rootId)
    {
        var children = state.State.Affiliations
            .Where(a => a.Status == AffiliationStatus.Accepted)
            .ToLookup(a => a.ParentId, a => a.ChildId, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal) { rootId };
        var order = new List<(string Id, int Depth)> { (rootId, 0) };
        for (var next = 0; next < order.Count; next++)
        {
            var (current, depth) = order[next];
            foreach (var child in children[current].Order(StringComparer.Ordinal))
                if (seen.Add(child)) order.Add((child, depth + 1));
        }
        return order;
    }

    private async Task RequireFederationAsync(string tenantId, bool isParent)
    {
        var profile = await GrainFactory.GetGrain<ITenantGrain>(tenantId).GetProfileAsync();
        if (profile is { Kind: TenantKind.Federation }) return;
        if (isParent) throw new NotFoundException($"No federation '{tenantId}'.");
        throw new ConflictException($"Only a federation can join a network; '{tenantId}' is not one.");
    }

    private async Task WriteAsync()
    {
        _descendants = new(StringComparer.Ordinal);
        await state.WriteOrReloadAsync(this);
    }
}
