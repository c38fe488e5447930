using Orleans.Concurrency;
using Orleans;

namespace Platform.Abstractions.Roles;

/// <summary>
/// One role of a tenant. Key <c>{tenantId}/{roleId}</c>. Holds the full document and the history
/// of its holders; its pairing, pay-policy check and job-board entry go through the tenant's
/// <see cref="ITenantRolesGrain"/> (the single writer of everything that spans roles).
/// </summary>
public interface IRoleGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces the document; 400 when invalid, 409 when it breaks the tenant's pay ratio.</summary>
    Task<Role> PutAsync(RoleDocument document);

    /// <summary>The role, or null when it was never written.</summary>
    [ReadOnly] Task<Role?> GetAsync();

    /// <summary>Appends a holder, keeping the history; 404 when the role does not exist.</summary>
    Task<Role> AddHolderAsync(HolderSuccession succession);

    /// <summary>
    /// Sets the end of the last holder's term (the role becomes vacant then, until a successor is
    /// added); 400 when the date breaks the holders' rules, 409 when the role has no holder, 404 when it does not exist.
    /// </summary>
    Task<Role> EndTermAsync(HolderTermEnd end);
}

/// <summary>What the tenant-level roles grain keeps of each role.</summary>
[GenerateSerializer, Immutable, Alias("RoleSummary")]
public sealed record RoleSummary(LocalizedText Title, RoleConditions? Conditions, RolePosting? Posting);

[GenerateSerializer, Immutable, Alias("RoleListItem")]
public sealed record RoleListItem(string Id, LocalizedText Title, string? PairedWith, PostingStatus? PostingStatus);

/// <summary>Two co-roles (a binôme); the order is the order the pair was asked for.</summary>
[GenerateSerializer, Immutable, Alias("RolePair")]
public sealed record RolePair(string First, string Second);

/// <summary>A tenant's pay policy (rule 7): the full-time week used for annual figures, and an optional cap on the ratio.</summary>
[GenerateSerializer, Immutable, Alias("PayPolicy")]
public sealed record PayPolicy(decimal? MaxRatio, decimal FullTimeHoursPerWeek)
{
    public const decimal DefaultFullTimeHoursPerWeek = 35m;
    public static readonly PayPolicy Default = new(null, DefaultFullTimeHoursPerWeek);
}

/// <summary>What a client sends to set the pay policy; absent fields take their defaults (no cap, 35 h).</summary>
[GenerateSerializer, Immutable, Alias("PayPolicyUpdate")]
public sealed record PayPolicyUpdate(decimal? MaxRatio = null, decimal? FullTimeHoursPerWeek = null);

/// <summary>
/// One role's salary range per hour worked and as a year. <see cref="AnnualMin"/>/<see cref="AnnualMax"/>
/// are a <b>full-time year at the tenant's week</b> (hourly × the tenant's full-time hours × 52), the
/// same yardstick for every role; <see cref="RoleHoursAnnualMin"/>/<see cref="RoleHoursAnnualMax"/> are
/// what the role really pays in a year at its own hours (hourly × its hours per week × 52), null when
/// the role states no hours.
/// </summary>
[GenerateSerializer, Immutable, Alias("PayScaleLine")]
public sealed record PayScaleLine(
    string Id,
    LocalizedText Title,
    SalaryPeriod Per,
    decimal? HoursPerWeek,
    decimal HourlyMin,
    decimal HourlyMax,
    decimal AnnualMin,
    decimal AnnualMax,
    decimal? RoleHoursAnnualMin = null,
    decimal? RoleHoursAnnualMax = null);

/// <summary>
/// The pay-scale report: <see cref="Ratio"/> = highest hourly maximum ÷ lowest hourly minimum (null
/// without salaried roles). <see cref="FullTimeHoursPerYear"/> (= <see cref="FullTimeHoursPerWeek"/> ×
/// <see cref="WeeksPerYear"/>) is the year every <c>annualMin</c>/<c>annualMax</c> is expressed in.
/// </summary>
[GenerateSerializer, Immutable, Alias("PayScale")]
public sealed record PayScale(
    IReadOnlyList<PayScaleLine> Roles,
    decimal? Ratio,
    decimal FullTimeHoursPerWeek,
    decimal? MaxRatio,
    decimal WeeksPerYear = 52m,
    decimal FullTimeHoursPerYear = 1820m);

/// <summary>
/// The roles of one tenant seen together. Key <c>{tenantId}</c>. It is the only writer of the
/// pairing relation (both sides are one record, so a pair is symmetric by construction), of the
/// pay policy, and of the tenant's entries on the job board. It never calls a role grain, so no
/// call cycle can form between them.
/// </summary>
public interface ITenantRolesGrain : IGrainWithStringKey
{
    /// <summary>
    /// Role protocol, step 1, called by a role grain before it stores a new document: checks the
    /// pay ratio and the role limit and records the summary as pending. 409 when refused.
    /// </summary>
    Task AdmitAsync(string roleId, RoleSummary summary);

    /// <summary>
    /// Role protocol, step 2 and repair: the role grain reports what it really stores (null when
    /// nothing). The pending summary is dropped, the stored one becomes the confirmed entry.
    /// </summary>
    Task ReconcileAsync(string roleId, RoleSummary? stored);

    [ReadOnly] Task<IReadOnlyList<RoleListItem>> ListAsync();

    [ReadOnly] Task<string?> GetPartnerAsync(string roleId);

    /// <summary>Pairs two roles; idempotent for the same pair; 409 when either is paired elsewhere; 404 when either is unknown.</summary>
    Task<RolePair> PairAsync(string roleId, string partnerId);

    /// <summary>Unpairs a role and its partner together; returns the former partner (null when it had none).</summary>
    Task<string?> UnpairAsync(string roleId);

    /// <summary>Sets the policy; 409 when the roles already exceed the new cap.</summary>
    Task<PayPolicy> SetPayPolicyAsync(PayPolicyUpdate update);

    [ReadOnly] Task<PayPolicy> GetPayPolicyAsync();

    [ReadOnly] Task<PayScale> GetPayScaleAsync();
}

/// <summary>An open posting as the public job board shows it.</summary>
[GenerateSerializer, Immutable, Alias("JobPosting")]
public sealed record JobPosting(
    string TenantId,
    LocalizedText? Organization,
    string RoleId,
    LocalizedText Title,
    string? Region,
    decimal? HoursPerWeek,
    HoursRange? HoursPerWeekRange,
    SalaryRange? Salary,
    decimal? HourlyMin,
    decimal? HourlyMax,
    DateOnly? ApplyBy,
    DateOnly? InterviewsFrom,
    DateOnly? StartsOn,
    LocalizedText? HowToApply,
    TenantKind? OrganizationKind = null,
    LocalizedText? Description = null,
    IReadOnlyList<LocalizedText>? Requirements = null,
    IReadOnlyList<string>? Languages = null);

/// <summary>
/// Filters of the job board: a region (case-insensitive), a pay the posting's hourly range must
/// reach, the kind of organisation, a language of work, and bounds on the hours per week (inclusive).
/// </summary>
[GenerateSerializer, Immutable, Alias("PostingQuery")]
public sealed record PostingQuery(
    string? Region = null,
    decimal? MinHourlyPay = null,
    TenantKind? Kind = null,
    string? Language = null,
    decimal? MinHoursPerWeek = null,
    decimal? MaxHoursPerWeek = null);

/// <summary>
/// The cooperative movement's job board as anyone reads it: open postings of every tenant. Key
/// <see cref="RoleKeys.PostingBoard"/>. Platform-wide, so an anonymous gateway request reaches it;
/// writing goes through <see cref="IPostingBoardWriterGrain"/>, which is not.
/// </summary>
[PlatformWide]
public interface IPostingBoardGrain : IGrainWithStringKey
{
    /// <summary>Open postings of existing tenants whose apply-by date has not passed (platform calendar), filtered.</summary>
    [ReadOnly] Task<IReadOnlyList<JobPosting>> ListAsync(PostingQuery query);

    /// <summary>One posting while it is listed (open, apply-by not passed, tenant existing), else null.</summary>
    [ReadOnly] Task<JobPosting?> GetAsync(string tenantId, string roleId);
}

/// <summary>
/// The writing side of the job board, for the tenants' roles grains (a grain-to-grain call) and the
/// operator's deletion of a tenant: no tenant key's request can reach it, whatever an endpoint does. Each publication replaces the
/// tenant's whole list, so a later one repairs a lost one.
/// </summary>
public interface IPostingBoardWriterGrain : IGrainWithStringKey
{
    Task PublishAsync(string tenantId, IReadOnlyList<JobPosting> postings);
}

public static class RoleKeys
{
    /// <summary>
    /// The job board's key. It starts with '_', which no tenant id can (ids start with [a-z0-9]),
    /// so its storage partition can never be mistaken for a tenant's (export, deletion).
    /// </summary>
    public const string PostingBoard = "_postings";
}
