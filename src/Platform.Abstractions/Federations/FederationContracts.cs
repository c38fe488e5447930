using Orleans.Concurrency;
using Orleans;

namespace Platform.Abstractions;

public enum FederationKind { Provincial, Regional, National, Confederation, Sectoral }

/// <summary>What a member organisation is (DOMAIN.md "Cooperative").</summary>
public enum MemberType { Worker, Solidarity, Producer, Consumer, Housing, CommunityOrganization }

public enum MemberStatus { Active, Withdrawn }

/// <summary>What happened to a member's standing on a date: it joined, withdrew, or was reinstated after withdrawing.</summary>
public enum MemberStatusEvent { Joined, Withdrawn, Reinstated }

/// <summary>One step of a member's status history (DOMAIN.md rule 9: a withdrawn member can be reinstated).</summary>
[GenerateSerializer, Immutable, Alias("MemberStatusChange")]
public sealed record MemberStatusChange(MemberStatusEvent Event, DateOnly On);

/// <summary>The kinds of activity a federation records (API.md "Members and activities").</summary>
public enum ActivityKind { Training, PeerMeeting, Advisory, Conference, Networking, Screening, Pathway }

/// <summary>
/// Equity-seeking groups an organisation may say it is led by or mostly made of. Only kept with the
/// organisation's consent, and never published upward in cells below 5 (DOMAIN.md rule 3).
/// </summary>
public enum EquityGroup { Women, Indigenous, Black, Racialized, Disability, Lgbtq, Newcomers, Youth }

public enum ProgrammeKind { Pathway, Academy, InvestmentFund, Research, Other }

public enum AffiliationStatus { Pending, Accepted }

/// <summary>How a federation presents itself. <see cref="Languages"/> are BCP 47 primary tags (<c>fr</c>, <c>en</c>).</summary>
[GenerateSerializer, Immutable, Alias("FederationProfile")]
public sealed record FederationProfile(LocalizedText? Name = null, FederationKind? Kind = null, string? Region = null, IReadOnlyList<string>? Languages = null);

/// <summary>
/// An organisation's consented self-identification. Sent with <c>Consented = false</c> (or left
/// out), nothing is kept.
/// </summary>
[GenerateSerializer, Immutable, Alias("SelfIdentification")]
public sealed record SelfIdentification(bool Consented, IReadOnlyList<EquityGroup>? Groups = null);

/// <summary>A member as posted. Nullable everywhere so that a missing field is a 400 naming it, never a silent default.</summary>
[GenerateSerializer, Immutable, Alias("NewMember")]
public sealed record NewMember(
    string? Id = null,
    string? Name = null,
    MemberType? Type = null,
    string? Region = null,
    string? Sector = null,
    DateOnly? JoinedOn = null,
    DateOnly? FoundedOn = null,
    int? WorkerMembers = null,
    string? RegistryId = null,
    SelfIdentification? SelfIdentification = null,
    bool? Ambassador = null,
    IReadOnlyList<string>? SectorTables = null,
    bool? CountOnceAcrossNetwork = null);

/// <summary>
/// A partial update of a member: absent fields stay, <c>null</c> clears an optional one. Init
/// properties rather than a positional record, so that "absent" needs no constructor default.
/// </summary>
[GenerateSerializer, Immutable, Alias("MemberPatch")]
public sealed record MemberPatch
{
    [Id(0)] public Optional<string?> Name { get; init; }
    [Id(1)] public Optional<MemberType?> Type { get; init; }
    [Id(2)] public Optional<string?> Region { get; init; }
    [Id(3)] public Optional<string?> Sector { get; init; }
    [Id(4)] public Optional<DateOnly?> JoinedOn { get; init; }
    [Id(5)] public Optional<DateOnly?> FoundedOn { get; init; }
    [Id(6)] public Optional<int?> WorkerMembers { get; init; }
    [Id(7)] public Optional<string?> RegistryId { get; init; }
    [Id(8)] public Optional<SelfIdentification?> SelfIdentification { get; init; }
    [Id(9)] public Optional<bool?> Ambassador { get; init; }
    [Id(10)] public Optional<IReadOnlyList<string>?> SectorTables { get; init; }
    [Id(11)] public Optional<bool?> CountOnceAcrossNetwork { get; init; }
}

/// <summary>One activity a member took part in.</summary>
[GenerateSerializer, Immutable, Alias("Participation")]
public sealed record Participation(string ActivityId, ActivityKind Kind, DateOnly On);

/// <summary>
/// A member organisation as read back. <see cref="Participations"/> is filled when one member is
/// read and left out of lists. <see cref="CountOnceAcrossNetwork"/>: the organisation consented to
/// be matched by its registry number with its membership of a federation above this one, so that
/// it counts once in that federation's network statistics (DOMAIN rule 2); without it, a parent's
/// own membership of the same organisation is counted apart, so a parent cannot learn whether a
/// registry number is in an affiliate's roster by adding it to its own (docs/security.md).
/// <see cref="StatusHistory"/> is the member's standing over time in date order, starting with the
/// day it joined (every withdrawal and reinstatement after it); always filled when read back.
/// </summary>
[GenerateSerializer, Immutable, Alias("Member")]
public sealed record Member(
    string Id,
    string Name,
    MemberType Type,
    string Region,
    string? Sector,
    DateOnly JoinedOn,
    DateOnly? FoundedOn,
    int? WorkerMembers,
    string? RegistryId,
    SelfIdentification? SelfIdentification,
    MemberStatus Status,
    DateOnly? WithdrawnOn,
    bool Ambassador,
    IReadOnlyList<string> SectorTables,
    IReadOnlyList<Participation>? Participations = null,
    bool CountOnceAcrossNetwork = false,
    IReadOnlyList<MemberStatusChange>? StatusHistory = null);

/// <summary>
/// Filters and paging of the member list; every filter is optional. <see cref="Q"/> finds a member
/// by a part of its name (case and accents ignored) or of its registry number;
/// <see cref="SectorTable"/> keeps the members sitting on that table.
/// </summary>
[GenerateSerializer, Immutable, Alias("MemberQuery")]
public sealed record MemberQuery(
    MemberStatus? Status = null,
    string? Region = null,
    MemberType? Type = null,
    string? Sector = null,
    int? Limit = null,
    string? After = null,
    string? Q = null,
    bool? Ambassador = null,
    string? SectorTable = null)
{
    public const int MaxLimit = 1_000;
    public const int MaxSearchLength = 200;
}

/// <summary>A page of members in id order; <see cref="NextAfter"/> is the cursor of the next page, null on the last.</summary>
[GenerateSerializer, Immutable, Alias("MemberPage")]
public sealed record MemberPage(IReadOnlyList<Member> Items, string? NextAfter);

[GenerateSerializer, Immutable, Alias("NewActivity")]
public sealed record NewActivity(
    string? Id = null,
    ActivityKind? Kind = null,
    LocalizedText? Title = null,
    DateOnly? On = null,
    string? Region = null,
    int? Audience = null,
    string? ProgrammeId = null);

/// <summary>
/// A correction of an activity: absent fields stay, <c>null</c> clears an optional one. Moving the
/// date is checked against the participants already recorded (active on the new date, not in the future).
/// </summary>
[GenerateSerializer, Immutable, Alias("ActivityPatch")]
public sealed record ActivityPatch
{
    [Id(0)] public Optional<ActivityKind?> Kind { get; init; }
    [Id(1)] public Optional<LocalizedText?> Title { get; init; }
    [Id(2)] public Optional<DateOnly?> On { get; init; }
    [Id(3)] public Optional<string?> Region { get; init; }
    [Id(4)] public Optional<int?> Audience { get; init; }
    [Id(5)] public Optional<string?> ProgrammeId { get; init; }
}

/// <summary>Why participations were refused (DOMAIN.md rule 9).</summary>
public enum ParticipationRefusal
{
    /// <summary>The named members were not active members on the activity's date (not joined yet, or withdrawn).</summary>
    NotActiveOnDate,

    /// <summary>The activity has not taken place yet: nobody can have taken part.</summary>
    ActivityInFuture,
}

/// <summary>
/// A 409: participations refused by rule 9, naming the members concerned so that a screen can name
/// them back (by name, in its own language). Nothing was recorded.
/// </summary>
[GenerateSerializer, Alias("ParticipationRefusedException")]
public sealed class ParticipationRefusedException(string message, string activityId, DateOnly activityOn, ParticipationRefusal reason, IReadOnlyList<string> memberIds)
    : ConflictException(message)
{
    [Id(0)] public string ActivityId { get; private set; } = activityId;
    [Id(1)] public DateOnly ActivityOn { get; private set; } = activityOn;
    [Id(2)] public ParticipationRefusal Reason { get; private set; } = reason;
    [Id(3)] public IReadOnlyList<string> MemberIds { get; private set; } = memberIds;
}

/// <summary>An activity and the members who took part.</summary>
[GenerateSerializer, Immutable, Alias("FederationActivity")]
public sealed record FederationActivity(
    string Id,
    ActivityKind Kind,
    LocalizedText Title,
    DateOnly On,
    string? Region,
    int? Audience,
    string? ProgrammeId,
    IReadOnlyList<string> Participants);

/// <summary>A sector table (e.g. the microbreweries' table) members can sit on.</summary>
[GenerateSerializer, Immutable, Alias("SectorTable")]
public sealed record SectorTable(string Id, LocalizedText? Name, string? Sector);

/// <summary>A programme the federation runs (an entrepreneurship pathway, an academy, a fund…).</summary>
[GenerateSerializer, Immutable, Alias("Programme")]
public sealed record Programme(string Id, LocalizedText? Name, ProgrammeKind? Kind, LocalizedText? Summary);

/// <summary>A whole federation's data at once, for seeding and bulk import into an empty federation.</summary>
[GenerateSerializer, Immutable, Alias("FederationImport")]
public sealed record FederationImport(
    FederationProfile? Profile,
    IReadOnlyList<Member> Members,
    IReadOnlyList<FederationActivity> Activities,
    IReadOnlyList<SectorTable> SectorTables,
    IReadOnlyList<Programme> Programmes);

/// <summary>
/// A federation (key <c>{tenantId}</c>): its profile, the lean roster of its members (the facts
/// statistics need, never the full profiles), activities with their participants, sector tables,
/// programmes and statistics. It is the only writer of its members' cooperative grains: calls go
/// federation → cooperative, never back.
/// </summary>
public interface IFederationGrain : IGrainWithStringKey
{
    Task<FederationProfile> SetProfileAsync(FederationProfile profile);

    [ReadOnly] Task<FederationProfile?> GetProfileAsync();

    /// <summary>Adds a member (id generated when not given); 409 when the id is taken.</summary>
    Task<Member> AddMemberAsync(NewMember member);

    Task<Member> UpdateMemberAsync(string memberId, MemberPatch patch);

    /// <summary>
    /// Marks a member withdrawn from a date; its profile and history stay. 409 when it took part in
    /// an activity on or after that date (remove those participations first).
    /// </summary>
    Task<Member> WithdrawMemberAsync(string memberId, DateOnly? on);

    /// <summary>A withdrawn member is active again from a date (not before its withdrawal); 409 when it is active.</summary>
    Task<Member> ReinstateMemberAsync(string memberId, DateOnly? on);

    /// <summary>
    /// Deletes a member recorded by mistake, with its participations (it leaves every activity's
    /// participants); statistics follow at once. Returns how many participations went. 404 when unknown.
    /// </summary>
    Task<int> DeleteMemberAsync(string memberId);

    /// <summary>One member with its participations; 404 when unknown.</summary>
    [ReadOnly] Task<Member> GetMemberAsync(string memberId);

    [ReadOnly] Task<MemberPage> ListMembersAsync(MemberQuery query);

    Task<FederationActivity> AddActivityAsync(NewActivity activity);

    /// <summary>Corrects an activity; its participants' records follow (kind, date). 409 (<see cref="ParticipationRefusedException"/>) when the new date does not suit them.</summary>
    Task<FederationActivity> UpdateActivityAsync(string activityId, ActivityPatch patch);

    /// <summary>Removes an activity and every participation in it; 404 when unknown.</summary>
    Task DeleteActivityAsync(string activityId);

    /// <summary>
    /// Records members as participants (idempotent). Every id must be a member: one unknown id and
    /// nothing at all is recorded (400). Every new participant must be active on the activity's
    /// date, and the activity must be dated today or earlier: otherwise 409
    /// (<see cref="ParticipationRefusedException"/>) naming the members, and nothing is recorded.
    /// </summary>
    Task<FederationActivity> RecordParticipantsAsync(string activityId, IReadOnlyList<string>? memberIds);

    /// <summary>Removes one participant from an activity; 404 when the activity is unknown or the member did not take part.</summary>
    Task<FederationActivity> RemoveParticipantAsync(string activityId, string memberId);

    [ReadOnly] Task<FederationActivity> GetActivityAsync(string activityId);

    /// <summary>Activities in date order, optionally within a period.</summary>
    [ReadOnly] Task<IReadOnlyList<FederationActivity>> ListActivitiesAsync(StatisticsPeriod period);

    Task<SectorTable> SetSectorTableAsync(SectorTable table);

    [ReadOnly] Task<IReadOnlyList<SectorTable>> ListSectorTablesAsync();

    Task<Programme> SetProgrammeAsync(Programme programme);

    [ReadOnly] Task<IReadOnlyList<Programme>> ListProgrammesAsync();

    /// <summary>This federation's own statistics, exact (its staff may read its members anyway).</summary>
    [ReadOnly] Task<FederationStatistics> GetStatisticsAsync(StatisticsPeriod period);

    /// <summary>
    /// What this federation gives a parent: aggregates of its own members, no names, no member ids,
    /// registry numbers only as opaque tokens for counting an organisation once (docs/federations.md).
    /// Cached per period until the next write.
    /// </summary>
    [ReadOnly] Task<NetworkContribution> GetContributionAsync(StatisticsPeriod period);

    /// <summary>Statistics over this federation and every accepted affiliate, recursively, with small cells suppressed.</summary>
    [ReadOnly] Task<NetworkStatistics> GetNetworkStatisticsAsync(StatisticsPeriod period);

    /// <summary>Loads a whole federation at once (seeding, migration); 409 unless the federation is empty.</summary>
    Task ImportAsync(FederationImport data);

    /// <summary>
    /// How many ambassadors (people) each organisation has, from the tenant's contacts grain after
    /// each of its changes (the whole map: a member missing from it has none).
    /// </summary>
    Task SetAmbassadorPeopleAsync(IReadOnlyDictionary<string, int> countsByMember);

    /// <summary>
    /// The network's figures and each direct affiliate's (its whole branch), for the period and the
    /// same period a year earlier; no period means the report year ending today. 400 for a period
    /// open at one end (it has no year before it to compare with).
    /// </summary>
    [ReadOnly] Task<NetworkBreakdown> GetNetworkBreakdownAsync(StatisticsPeriod period);

    /// <summary>
    /// Federations that joined or left this network, at any depth, newest first: who joined or left
    /// under whom, and when (<see cref="IAffiliationRegistryGrain.GetNetworkChangesAsync"/>); the
    /// <paramref name="limit"/> newest (1–1,000) or all. 400 for a limit out of range.
    /// </summary>
    [ReadOnly] Task<IReadOnlyList<NetworkEvent>> GetNetworkFeedAsync(int? limit);
}

/// <summary>One affiliation: <see cref="ChildId"/> belongs to <see cref="ParentId"/>'s network once accepted.</summary>
[GenerateSerializer, Immutable, Alias("Affiliation")]
public sealed record Affiliation(string ParentId, string ChildId, AffiliationStatus Status, DateTimeOffset RequestedAt, DateTimeOffset? AcceptedAt);

/// <summary>
/// Every affiliation between federations, in one grain (key <see cref="Key"/>) so that refusing a
/// cycle is one atomic check rather than a race between two federations accepting each other.
/// Federations call it; it calls only tenant grains, never federations. Platform-wide: the gateway
/// reaches it for any tenant, and every method is scoped by the tenant ids it is given, which the
/// gateway takes from the authorized route (the acting side) and never lets a body choose.
/// </summary>
[PlatformWide]
public interface IAffiliationRegistryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts with '_', which no tenant id can: a tenant named "affiliations" must never own the
    /// registry's storage partition (its export would read every federation's affiliations, its
    /// deletion would erase them).
    /// </summary>
    public const string Key = "_affiliations";

    /// <summary>The child asks to join the parent's network: pending until the parent accepts. 404 for an unknown parent.</summary>
    Task<Affiliation> RequestAsync(string childId, string parentId);

    /// <summary>The parent accepts a pending request. 404 without a request; 409 when it would close a cycle.</summary>
    Task<Affiliation> AcceptAsync(string parentId, string childId);

    /// <summary>
    /// The parent refuses a pending request: it goes, and the child may ask again. 404 without a
    /// request; 409 when the federation is already an affiliate (removing one is <see cref="RemoveAsync"/>),
    /// so a stale "decline" button can never drop an accepted affiliate.
    /// </summary>
    Task DeclineAsync(string parentId, string childId);

    /// <summary>
    /// Removes an affiliation, pending or accepted (the child leaving, or the parent removing or
    /// refusing it, as <paramref name="endedBy"/> says); 404 when there is none. An accepted one is
    /// remembered as ended, for the feeds of the networks above (<see cref="GetNetworkChangesAsync"/>);
    /// a pending request that goes is no change to any network and leaves nothing behind.
    /// </summary>
    Task RemoveAsync(string parentId, string childId, AffiliationEndedBy endedBy);

    /// <summary>Affiliations where the tenant is the parent or the child.</summary>
    [ReadOnly] Task<IReadOnlyList<Affiliation>> ListAsync(string tenantId);

    /// <summary>
    /// The tenant is being deleted: every affiliation where it is the parent or the child goes, in
    /// one write, so no network keeps counting a federation that no longer exists. Returns them.
    /// Its accepted affiliations to parents are remembered as ended (<see cref="AffiliationEndedBy.Deletion"/>);
    /// the history of its own network goes with it.
    /// </summary>
    Task<IReadOnlyList<Affiliation>> RemoveTenantAsync(string tenantId);

    /// <summary>Every federation below the root through accepted affiliations, each once, in breadth-first order.</summary>
    [ReadOnly] Task<IReadOnlyList<string>> GetDescendantsAsync(string rootId);

    /// <summary>
    /// What changed the root's network, newest first: every accepted affiliation under the root or
    /// under one of its current descendants (a join), and every remembered ended one under them (its
    /// join and its departure). A departure under a federation that is not in the network now is not
    /// the root's. Ended affiliations are remembered for five years, at most the 1,000 most recent.
    /// </summary>
    [ReadOnly] Task<IReadOnlyList<NetworkChange>> GetNetworkChangesAsync(string rootId);

    /// <summary>Loads affiliations into an empty registry in one write (seeding); 409 unless empty or when they hold a cycle.</summary>
    Task ImportAsync(IReadOnlyList<Affiliation> affiliations);
}
