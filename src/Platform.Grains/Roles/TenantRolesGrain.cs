using System.Text.Json;
using Microsoft.Extensions.Logging;
using Platform.Abstractions;
using Platform.Abstractions.Roles;
using Orleans;
using Orleans.Runtime;
using static System.FormattableString;

namespace Platform.Grains.Roles;

/// <summary>
/// The roles of one tenant together (key <c>{tenantId}</c>): the single writer of pairs, of the
/// pay policy and of the tenant's job-board entries, and the gate of the pay ratio. It calls the
/// tenant grain and the job board, which call nobody, and never a role grain: role grains call
/// it, so no cycle can form.
/// </summary>
[GrainType("tenant-roles")]
public sealed class TenantRolesGrain(
    [PersistentState("tenant-roles")] IPersistentState<TenantRolesState> state,
    ILogger<TenantRolesGrain> logger) : Grain, ITenantRolesGrain
{
    public const int MaxRoles = 500;

    /// <summary>
    /// The job board is one platform-wide grain: each tenant's share of it is bounded so that no
    /// tenant can grow it past what one storage entity holds for everyone.
    /// </summary>
    public const int MaxOpenPostings = 50;

    private TenantRolesState State => state.State;

    private string TenantId => this.GetPrimaryKeyString();

    public async Task AdmitAsync(string roleId, RoleSummary summary)
    {
        Ids.Require(roleId, "roleId");
        State.Roles.TryGetValue(roleId, out var entry);
        if (entry is null && State.Roles.Count >= MaxRoles)
            throw new ConflictException($"A tenant may hold at most {MaxRoles} roles.");

        if (IsOpen(summary) && State.Roles.Count(r => r.Key != roleId && (IsOpen(r.Value.Confirmed) || IsOpen(r.Value.Pending))) >= MaxOpenPostings)
            throw new ConflictException($"A tenant may have at most {MaxOpenPostings} open postings at a time; close one first.");

        if (State.Policy.MaxRatio is { } cap)
        {
            // Others count with both their stored and their admitted salary: an admission in flight
            // may still land, and the cap must hold either way.
            var ranges = OtherRanges(roleId).ToList();
            if (PayRules.Hourly(summary.Conditions) is { } candidate) ranges.Add(candidate);
            if (PayRules.Ratio(ranges) is { } ratio && ratio > cap)
            {
                var highest = ranges.Max(r => r.Max);
                var lowest = ranges.Min(r => r.Min);
                throw new ConflictException(Invariant(
                    $"This salary would bring the tenant's pay ratio to {ratio} (highest maximum {PayRules.Money(highest):0.00} $/h ÷ lowest minimum ") +
                    Invariant($"{PayRules.Money(lowest):0.00} $/h), above its maximum ratio of {cap}. Narrow the range, or change the pay policy."));
            }
        }

        State.Roles[roleId] = (entry ?? new RoleEntry(null, null, null)) with { Pending = summary };
        await CommitAsync(postingsChanged: false);
    }

    public async Task ReconcileAsync(string roleId, RoleSummary? stored)
    {
        Ids.Require(roleId, "roleId");
        State.Roles.TryGetValue(roleId, out var entry);
        if (stored is null)
        {
            if (entry is null) return;
            State.Roles.Remove(roleId);
            if (entry.PairedWith is { } partner && State.Roles.TryGetValue(partner, out var other))
                State.Roles[partner] = other with { PairedWith = null };
            await CommitAsync(postingsChanged: IsOpen(entry.Confirmed));
            return;
        }

        if (entry is { Pending: null } && Same(entry.Confirmed, stored)) return;
        var postingsChanged = !Same(entry?.Confirmed, stored) && (IsOpen(entry?.Confirmed) || IsOpen(stored));
        State.Roles[roleId] = new RoleEntry(stored, null, entry?.PairedWith);
        await CommitAsync(postingsChanged);
    }

    public Task<IReadOnlyList<RoleListItem>> ListAsync() =>
        Task.FromResult<IReadOnlyList<RoleListItem>>(
            Existing()
                .Select(r => new RoleListItem(r.Id, r.Entry.Confirmed!.Title, r.Entry.PairedWith, r.Entry.Confirmed.Posting?.Status))
                .ToList());

    public Task<string?> GetPartnerAsync(string roleId) =>
        Task.FromResult(State.Roles.TryGetValue(roleId, out var entry) && entry.Exists ? entry.PairedWith : null);

    public async Task<RolePair> PairAsync(string roleId, string partnerId)
    {
        Ids.Require(roleId, "roleId");
        Ids.Require(partnerId, "with");
        if (roleId == partnerId) throw ValidationFailedException.For("with", "A role cannot be paired with itself.");
        var role = RequireExisting(roleId);
        var partner = RequireExisting(partnerId);
        if (role.PairedWith == partnerId && partner.PairedWith == roleId) return new RolePair(roleId, partnerId);
        if (role.PairedWith is { } current)
            throw new ConflictException($"Role '{roleId}' is already paired with '{current}'; unpair it first.");
        if (partner.PairedWith is { } taken)
            throw new ConflictException($"Role '{partnerId}' is already paired with '{taken}'; unpair it first.");

        // Both sides change in one record and one write: the pair cannot be stored half-made.
        State.Roles[roleId] = role with { PairedWith = partnerId };
        State.Roles[partnerId] = partner with { PairedWith = roleId };
        await CommitAsync(postingsChanged: false);
        return new RolePair(roleId, partnerId);
    }

    public async Task<string?> UnpairAsync(string roleId)
    {
        Ids.Require(roleId, "roleId");
        var role = RequireExisting(roleId);
        if (role.PairedWith is not { } partnerId) return null;
        State.Roles[roleId] = role with { PairedWith = null };
        if (State.Roles.TryGetValue(partnerId, out var partner))
            State.Roles[partnerId] = partner with { PairedWith = null };
        await CommitAsync(postingsChanged: false);
        return partnerId;
    }

    public async Task<PayPolicy> SetPayPolicyAsync(PayPolicyUpdate update)
    {
        var policy = PayRules.ValidatePolicy(update);
        if (policy.MaxRatio is { } cap && PayRules.Ratio(OtherRanges(exceptRoleId: null)) is { } ratio && ratio > cap)
            throw new ConflictException(
                Invariant($"The roles already have a pay ratio of {ratio}, above the requested maximum of {cap}. Narrow their ranges first."));
        State.Policy = policy;
        await CommitAsync(postingsChanged: false);
        return policy;
    }

    public Task<PayPolicy> GetPayPolicyAsync() => Task.FromResult(State.Policy);

    public Task<PayScale> GetPayScaleAsync() =>
        Task.FromResult(PayRules.Scale(Existing().Select(r => (r.Id, r.Entry.Confirmed!)), State.Policy));

    private IEnumerable<(string Id, RoleEntry Entry)> Existing() =>
        State.Roles.Where(r => r.Value.Exists).OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r.Value));

    private RoleEntry RequireExisting(string roleId) =>
        State.Roles.TryGetValue(roleId, out var entry) && entry.Exists
            ? entry
            : throw new NotFoundException($"Role '{roleId}' does not exist in tenant '{TenantId}'.");

    private IEnumerable<(decimal Min, decimal Max)> OtherRanges(string? exceptRoleId)
    {
        foreach (var (id, entry) in State.Roles)
        {
            if (id == exceptRoleId) continue;
            if (PayRules.Hourly(entry.Confirmed?.Conditions) is { } confirmed) yield return confirmed;
            if (PayRules.Hourly(entry.Pending?.Conditions) is { } pending) yield return pending;
        }
    }

    /// <summary>Publishes to the job board when needed (or when an earlier publication failed), then writes once.</summary>
    private async Task CommitAsync(bool postingsChanged)
    {
        if (postingsChanged || State.BoardOutdated) State.BoardOutdated = !await TryPublishAsync();
        await state.WriteOrReloadAsync(this);
    }

    private async Task<bool> TryPublishAsync()
    {
        try
        {
            var profile = await GrainFactory.GetGrain<ITenantGrain>(TenantId).GetProfileAsync();
            var postings = Existing()
                .Where(r => IsOpen(r.Entry.Confirmed))
                .Select(r => ToJobPosting(r.Id, r.Entry.Confirmed!, profile))
                .ToList();
            await GrainFactory.GetGrain<IPostingBoardWriterGrain>(RoleKeys.PostingBoard).PublishAsync(TenantId, postings);
            return true;
        }
        catch (Exception e)
        {
            // The board is derived data: a failure must not refuse the role's change. It is retried
            // with the next change of this tenant's roles (BoardOutdated is stored).
            logger.LogWarning(e, "Publishing the postings of tenant {TenantId} to the job board failed; will retry on the next change.", TenantId);
            return false;
        }
    }

    private JobPosting ToJobPosting(string roleId, RoleSummary summary, TenantProfile? profile)
    {
        var posting = summary.Posting!;
        var hourly = PayRules.Hourly(summary.Conditions);
        return new JobPosting(
            TenantId,
            profile?.Name,
            roleId,
            summary.Title,
            posting.Region ?? profile?.Region,
            summary.Conditions?.HoursPerWeek,
            summary.Conditions?.HoursPerWeekRange,
            summary.Conditions?.Salary,
            hourly is { } h ? PayRules.Money(h.Min) : null,
            hourly is { } m ? PayRules.Money(m.Max) : null,
            posting.ApplyBy,
            posting.InterviewsFrom,
            posting.StartsOn,
            posting.HowToApply,
            profile?.Kind,
            posting.Description,
            posting.Requirements,
            posting.Languages);
    }

    private static bool IsOpen(RoleSummary? summary) => summary?.Posting?.Status == PostingStatus.Open;

    // Summaries hold lists, which records compare by reference; their JSON compares by content.
    private static bool Same(RoleSummary? a, RoleSummary? b) =>
        JsonSerializer.Serialize(a, s_compare) == JsonSerializer.Serialize(b, s_compare);

    private static readonly JsonSerializerOptions s_compare = new();
}
