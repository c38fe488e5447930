using Platform.Abstractions;
using Platform.Abstractions.Roles;
using Orleans;
using Orleans.Runtime;

namespace Platform.Grains.Roles;

public sealed class PostingBoardState
{
    public Dictionary<string, List<JobPosting>> ByTenant { get; set; } = [];
}

/// <summary>
/// The public job board (key <see cref="RoleKeys.PostingBoard"/>). Each tenant's roles grain
/// replaces the tenant's whole list, so publications are idempotent and a later one repairs a
/// lost one. Expiry by apply-by date is decided at read time against the clock, so nothing has
/// to run at midnight. Postings of a tenant no longer in the directory (deleted) are not shown.
/// </summary>
[GrainType("posting-board")]
public sealed class PostingBoardGrain(
    [PersistentState("posting-board")] IPersistentState<PostingBoardState> state,
    BusinessClock clock) : Grain, IPostingBoardGrain, IPostingBoardWriterGrain
{
    public const int MaxPostingsPerTenant = TenantRolesGrain.MaxOpenPostings;

    public async Task PublishAsync(string tenantId, IReadOnlyList<JobPosting> postings)
    {
        Ids.Require(tenantId, "tenantId");
        ArgumentNullException.ThrowIfNull(postings);
        if (postings.Count > MaxPostingsPerTenant)
            throw new ConflictException($"A tenant may publish at most {MaxPostingsPerTenant} postings.");
        if (postings.Any(p => p.TenantId != tenantId))
            throw ValidationFailedException.For("postings", "Every posting must belong to the publishing tenant.");

        if (postings.Count == 0)
        {
            if (!state.State.ByTenant.Remove(tenantId)) return;
        }
        else state.State.ByTenant[tenantId] = [.. postings];

        await state.WriteOrReloadAsync(this);
    }

    public async Task<IReadOnlyList<JobPosting>> ListAsync(PostingQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.MinHourlyPay is < 0)
            throw ValidationFailedException.For("minHourlyPay", "'minHourlyPay' must not be negative.");
        if (query.Language is { } wanted && wanted is not ("fr" or "en"))
            throw ValidationFailedException.For("language", "'language' is a language of work: fr or en.");
        if (query.MinHoursPerWeek is < 0 || query.MaxHoursPerWeek is < 0)
            throw ValidationFailedException.For("hoursPerWeek", "Hours per week must not be negative.");
        var today = PostingCalendar.Today(clock);
        var region = query.Region?.Trim();

        // A deleted tenant's storage partition is gone but its entries here are not (this grain is
        // not in its partition): the directory says which tenants still exist.
        var directory = GrainFactory.GetGrain<ITenantDirectoryGrain>(GrainKeys.Directory);
        var existing = new List<List<JobPosting>>();
        foreach (var (tenantId, postings) in state.State.ByTenant)
            if (await directory.ExistsAsync(tenantId)) existing.Add(postings);

        return existing
            .SelectMany(p => p)
            .Where(p => PostingCalendar.IsListed(p, today))
            .Where(p => string.IsNullOrEmpty(region) || string.Equals(p.Region, region, StringComparison.OrdinalIgnoreCase))
            // A job seeker asking for at least X $/h wants the postings whose range reaches X.
            .Where(p => query.MinHourlyPay is not { } min || p.HourlyMax >= min)
            .Where(p => query.Kind is not { } kind || p.OrganizationKind == kind)
            .Where(p => query.Language is not { } language || (p.Languages?.Contains(language) ?? false))
            // Hours are the posting's reference week; a posting stating none is left out when hours are asked for.
            .Where(p => query.MinHoursPerWeek is not { } least || p.HoursPerWeek >= least)
            .Where(p => query.MaxHoursPerWeek is not { } most || p.HoursPerWeek <= most)
            .OrderBy(p => p.ApplyBy ?? DateOnly.MaxValue)
            .ThenBy(p => p.TenantId, StringComparer.Ordinal)
            .ThenBy(p => p.RoleId, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<JobPosting?> GetAsync(string tenantId, string roleId)
    {
        if (!Ids.IsValid(tenantId) || !Ids.IsValid(roleId)) return null;
        if (!state.State.ByTenant.TryGetValue(tenantId, out var postings)) return null;
        var posting = postings.FirstOrDefault(p => p.RoleId == roleId);
        if (posting is null || !PostingCalendar.IsListed(posting, PostingCalendar.Today(clock))) return null;
        return await GrainFactory.GetGrain<ITenantDirectoryGrain>(GrainKeys.Directory).ExistsAsync(tenantId) ? posting : null;
    }
}
