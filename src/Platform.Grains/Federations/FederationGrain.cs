using Platform.Abstractions;
using Platform.Grains.Statistics;
using Orleans;
using Orleans.Runtime;

namespace Platform.Grains.Federations;

/// <summary>
/// A federation (key <c>{tenantId}</c>). Holds the lean roster, the activity catalogue, sector tables
/// and programmes, and answers statistics from memory. Writes of a member go to its cooperative grain
/// first and to the roster second: the roster is the index, so a crash between the two leaves at
/// worst an unlisted cooperative that a retry overwrites, never a listed member without a record.
/// Calls go down only (federation → cooperative, federation → affiliates' contributions,
/// federation → affiliation registry), so no call cycle can form.
/// </summary>
[GrainType("federation")]
public sealed class FederationGrain(
    [PersistentState("federation")] IPersistentState<FederationState> state,
    BusinessClock clock) : Grain, IFederationGrain
{
    private const int MaxCachedPeriods = 32;
    private const int WriteFanOut = 32;
    private const int ReadFanOut = 256;

    // Every cache below lives in this activation only and is dropped on each write. Orleans runs one
    // turn at a time (read-only calls interleave only at awaits), so no lock is needed.
    private FederationFigures.ParticipationIndex _participations = new();
    private FederationFigures.TokenCache _tokens = null!;
    private RegistryTokens _registryTokens = null!;
    private Dictionary<StatisticsPeriod, FederationStatistics> _statistics = [];
    private Dictionary<StatisticsPeriod, NetworkContribution> _contributions = [];
    private Dictionary<StatisticsPeriod, CachedNetwork> _networks = [];
    private byte[]? _disclosureKey;
    private string[]? _sortedIds;

    /// <summary>
    /// A network figure and exactly the inputs it was computed from: the descendants, and each
    /// part's federation and stored version. Compared by value, since a contribution that comes
    /// from another silo is a fresh copy every time.
    /// </summary>
    private sealed record CachedNetwork(IReadOnlyList<string> Descendants, NetworkContribution[] Parts, NetworkStatistics Statistics);

    private string FederationId => this.GetPrimaryKeyString();

    /// <summary>How many times this activation merged network figures (the tests' window on the cache).</summary>
    internal int NetworkMerges { get; private set; }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The cluster's key, so this federation's tokens match its sister federations' on any silo.
        _disclosureKey = await GrainFactory.GetGrain<IDisclosureKeyGrain>(IDisclosureKeyGrain.Key).GetKeyAsync();
        _registryTokens = new RegistryTokens(_disclosureKey);
        RebuildIndex();
    }

    // ---- Profile ---------------------------------------------------------------------------

    public async Task<FederationProfile> SetProfileAsync(FederationProfile profile)
    {
        var valid = FederationRules.Profile(profile);
        state.State.Profile = valid;
        await WriteAsync();
        return valid;
    }

    public Task<FederationProfile?> GetProfileAsync() => Task.FromResult(state.State.Profile);

    // ---- Members ---------------------------------------------------------------------------

    public async Task<Member> AddMemberAsync(NewMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var id = member.Id is null ? NewId("m", state.State.Roster.ContainsKey) : Ids.Require(member.Id, "id");
        var candidate = FederationRules.Validate(
            new Member(
                id,
                member.Name!,
                FederationRules.RequireDefined(member.Type, "type"),
                member.Region!,
                member.Sector,
                FederationRules.Require(member.JoinedOn, "joinedOn"),
                member.FoundedOn,
                member.WorkerMembers,
                member.RegistryId,
                member.SelfIdentification,
                MemberStatus.Active,
                null,
                member.Ambassador ?? false,
                member.SectorTables ?? [],
                null,
                member.CountOnceAcrossNetwork ?? false),
            Today,
            state.State.SectorTables);
        candidate = MemberStanding.WithHistory(candidate);
        if (state.State.Roster.ContainsKey(id)) throw new ConflictException($"A member '{id}' already exists.");
        if (state.State.Roster.Count >= FederationRules.MaxMembers)
            throw new ConflictException($"A federation holds at most {FederationRules.MaxMembers} members.");
        RequireRegistryIdFree(candidate.RegistryId, id);

        await Cooperative(id).SaveAsync(candidate);
        state.State.Roster[id] = RosterEntry.From(candidate);
        _tokens.Add(candidate.RegistryId);
        await WriteAsync();
        return candidate with { Participations = [] };
    }

    public async Task<Member> UpdateMemberAsync(string memberId, MemberPatch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var current = await LoadMemberAsync(memberId);
        var updated = FederationRules.Validate(
            current with
            {
                Name = patch.Name.Or(current.Name)!,
                Type = patch.Type.IsSet ? FederationRules.RequireDefined(patch.Type.Value, "type") : current.Type,
                Region = patch.Region.Or(current.Region)!,
                Sector = patch.Sector.Or(current.Sector),
                JoinedOn = patch.JoinedOn.IsSet ? FederationRules.Require(patch.JoinedOn.Value, "joinedOn") : current.JoinedOn,
                FoundedOn = patch.FoundedOn.Or(current.FoundedOn),
                WorkerMembers = patch.WorkerMembers.Or(current.WorkerMembers),
                RegistryId = patch.RegistryId.Or(current.RegistryId),
                SelfIdentification = patch.SelfIdentification.Or(current.SelfIdentification),
                Ambassador = patch.Ambassador.IsSet ? FederationRules.Require(patch.Ambassador.Value, "ambassador") : current.Ambassador,
                SectorTables = patch.SectorTables.IsSet ? patch.SectorTables.Value ?? [] : current.SectorTables,
                CountOnceAcrossNetwork = patch.CountOnceAcrossNetwork.IsSet ? FederationRules.Require(patch.CountOnceAcrossNetwork.Value, "countOnceAcrossNetwork") : current.CountOnceAcrossNetwork,
            },
            Today,
            state.State.SectorTables);
        updated = MemberStanding.WithHistory(updated);
        MemberStanding.Validate(updated);
        if (updated.Status == MemberStatus.Active) RequireRegistryIdFree(updated.RegistryId, memberId);
        RequireParticipationsFit(updated, current.Participations);
        return await SaveMemberAsync(updated, current.Participations);
    }

    public async Task<Member> WithdrawMemberAsync(string memberId, DateOnly? on)
    {
        var current = await LoadMemberAsync(memberId);
        if (current.Status == MemberStatus.Withdrawn)
            throw new ConflictException($"Member '{memberId}' withdrew on {current.WithdrawnOn:yyyy-MM-dd} already.");
        var withdrawnOn = FederationRules.RequireDate(on, "on", Today, 366);
        if (withdrawnOn < current.JoinedOn)
            throw ValidationFailedException.For("on", $"A member cannot withdraw before it joined ({current.JoinedOn:yyyy-MM-dd}).");
        var history = MemberStanding.HistoryOf(current);
        if (withdrawnOn < history[^1].On)
            throw ValidationFailedException.For("on", $"A member cannot withdraw before it was reinstated ({history[^1].On:yyyy-MM-dd}).");
        var withdrawn = current with
        {
            Status = MemberStatus.Withdrawn,
            WithdrawnOn = withdrawnOn,
            StatusHistory = [.. history, new MemberStatusChange(MemberStatusEvent.Withdrawn, withdrawnOn)],
        };
        RequireParticipationsFit(withdrawn, current.Participations);
        return await SaveMemberAsync(withdrawn, current.Participations);
    }

    public async Task<Member> ReinstateMemberAsync(string memberId, DateOnly? on)
    {
        var current = await LoadMemberAsync(memberId);
        if (current.Status != MemberStatus.Withdrawn || current.WithdrawnOn is not { } withdrawnOn)
            throw new ConflictException($"Member '{memberId}' is active: only a withdrawn member can be reinstated.");
        var reinstatedOn = FederationRules.RequireDate(on, "on", Today, 366);
        if (reinstatedOn < withdrawnOn)
            throw ValidationFailedException.For("on", $"A member cannot be reinstated before it withdrew ({withdrawnOn:yyyy-MM-dd}).");
        var reinstated = current with
        {
            Status = MemberStatus.Active,
            WithdrawnOn = null,
            StatusHistory = [.. MemberStanding.HistoryOf(current), new MemberStatusChange(MemberStatusEvent.Reinstated, reinstatedOn)],
        };
        // Its registry number may have gone to another member since it withdrew.
        RequireRegistryIdFree(reinstated.RegistryId, memberId);
        return await SaveMemberAsync(reinstated, current.Participations);
    }

    public async Task<int> DeleteMemberAsync(string memberId)
    {
        await LoadMemberAsync(memberId);
        var activities = state.State.Activities.Values.Where(a => a.Participants.Contains(memberId, StringComparer.Ordinal)).ToList();
        // The record goes first: a crash before the roster is written leaves a listed member that a
        // retry deletes again, never a hidden record that a new member of the same id would inherit.
        await Cooperative(memberId).DeleteAsync();
        foreach (var activity in activities) activity.Participants.Remove(memberId);
        state.State.Roster.Remove(memberId);
        RebuildParticipations();
        await WriteAsync();
        return activities.Count;
    }

    public async Task<Member> GetMemberAsync(string memberId) => await LoadMemberAsync(memberId);

    public async Task<MemberPage> ListMembersAsync(MemberQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > MemberQuery.MaxLimit)
            throw ValidationFailedException.For("limit", $"'limit' must be between 1 and {MemberQuery.MaxLimit}.");
        if (query.Status is { } status && !Enum.IsDefined(status)) throw ValidationFailedException.For("status", "'status' is not a known value.");
        if (query.Type is { } type && !Enum.IsDefined(type)) throw ValidationFailedException.For("type", "'type' is not a known value.");
        var region = query.Region is null ? null : Regions.Require(query.Region, "region");
        var sector = FederationRules.OptionalSector(query.Sector);
        var after = query.After is null ? null : Ids.Require(query.After, "after");
        var table = query.SectorTable is null ? null : Ids.Require(query.SectorTable, "sectorTable");
        var search = MemberSearch.Of(query.Q);

        bool Kept(string id)
        {
            if (after is not null && string.CompareOrdinal(id, after) <= 0) return false;
            var entry = state.State.Roster[id];
            if (query.Status is { } wanted && entry.Status != wanted) return false;
            if (region is not null && entry.Region != region) return false;
            if (query.Type is { } wantedType && entry.Type != wantedType) return false;
            if (sector is not null && entry.Sector != sector) return false;
            if (query.Ambassador is { } ambassador && entry.Ambassador != ambassador) return false;
            return table is null || (entry.SectorTables?.Contains(table, StringComparer.Ordinal) ?? false);
        }

        var limit = query.Limit ?? int.MaxValue;
        var ids = new List<string>();
        string? nextAfter = null;
        // The roster's filters first; the search, which may read names, only among what they kept.
        foreach (var id in await SearchedAsync(SortedIds().Where(Kept).ToList(), search))
        {
            if (ids.Count == limit)
            {
                nextAfter = ids[^1];
                break;
            }
            ids.Add(id);
        }

        var members = new Member[ids.Count];
        await ForEachAsync(Enumerable.Range(0, ids.Count).ToList(),
            async i => members[i] = await Cooperative(ids[i]).GetAsync() ?? FromRoster(ids[i]), ReadFanOut);
        return new MemberPage(members.Select(m => MemberStanding.WithHistory(m) with { Participations = null }).ToList(), nextAfter);
    }

    /// <summary>
    /// The ids whose registry number (in the roster) or name (in the cooperative's grain, read only
    /// when the number does not match) contains the search; every id without a search.
    /// </summary>
    private async Task<IEnumerable<string>> SearchedAsync(IReadOnlyList<string> ids, MemberSearch? search)
    {
        if (search is null) return ids;
        var matches = new bool[ids.Count];
        await ForEachAsync(Enumerable.Range(0, ids.Count).ToList(), async i =>
        {
            var entry = state.State.Roster[ids[i]];
            matches[i] = search.Matches(entry.RegistryId) || search.Matches((await Cooperative(ids[i]).GetAsync())?.Name);
        }, ReadFanOut);
        return ids.Where((_, i) => matches[i]);
    }

    // ---- Activities ------------------------------------------------------------------------

    public async Task<FederationActivity> AddActivityAsync(NewActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var id = activity.Id is null ? NewId("a", state.State.Activities.ContainsKey) : Ids.Require(activity.Id, "id");
        var entry = new ActivityEntry
        {
            Kind = FederationRules.RequireDefined(activity.Kind, "kind"),
            Title = FederationRules.Title(activity.Title),
            // Activities may be planned ahead: up to five years.
            On = FederationRules.RequireDate(activity.On, "on", Today, 5 * 366),
            Region = activity.Region is null ? null : Regions.Require(activity.Region, "region"),
            Audience = FederationRules.OptionalAudience(activity.Audience),
            ProgrammeId = activity.ProgrammeId is null ? null : RequireProgramme(activity.ProgrammeId),
        };
        if (state.State.Activities.ContainsKey(id)) throw new ConflictException($"An activity '{id}' already exists.");
        if (state.State.Activities.Count >= FederationRules.MaxActivities)
            throw new ConflictException($"A federation holds at most {FederationRules.MaxActivities} activities.");

        state.State.Activities[id] = entry;
        await WriteAsync();
        return entry.ToActivity(id);
    }

    public async Task<FederationActivity> UpdateActivityAsync(string activityId, ActivityPatch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var activity = RequireActivity(activityId);
        var kind = patch.Kind.IsSet ? FederationRules.RequireDefined(patch.Kind.Value, "kind") : activity.Kind;
        var title = patch.Title.IsSet ? FederationRules.Title(patch.Title.Value) : activity.Title;
        var on = patch.On.IsSet ? FederationRules.RequireDate(patch.On.Value, "on", Today, 5 * 366) : activity.On;
        var region = patch.Region.IsSet ? (patch.Region.Value is { } r ? Regions.Require(r, "region") : null) : activity.Region;
        var audience = patch.Audience.IsSet ? FederationRules.OptionalAudience(patch.Audience.Value) : activity.Audience;
        var programmeId = patch.ProgrammeId.IsSet ? (patch.ProgrammeId.Value is { } p ? RequireProgramme(p) : null) : activity.ProgrammeId;
        // The participants already recorded must suit the new date as they had to suit the old one.
        if (on != activity.On) RequireParticipantsFit(activityId, on, activity.Participants);

        if ((kind != activity.Kind || on != activity.On) && activity.Participants.Count > 0)
        {
            var participation = new Participation(activityId, kind, on);
            await ForEachAsync(activity.Participants.ToList(), memberId => Cooperative(memberId).UpdateParticipationAsync(participation));
        }
        activity.Kind = kind;
        activity.Title = title;
        activity.On = on;
        activity.Region = region;
        activity.Audience = audience;
        activity.ProgrammeId = programmeId;
        RebuildParticipations();
        await WriteAsync();
        return activity.ToActivity(activityId);
    }

    public async Task DeleteActivityAsync(string activityId)
    {
        var activity = RequireActivity(activityId);
        // Participants' records first: a crash before the federation is written leaves the activity
        // listed with its participants, and a retry removes them again (removing is idempotent).
        await ForEachAsync(activity.Participants.ToList(), memberId => Cooperative(memberId).RemoveParticipationAsync(activityId));
        state.State.Activities.Remove(activityId);
        RebuildParticipations();
        await WriteAsync();
    }

    public async Task<FederationActivity> RemoveParticipantAsync(string activityId, string memberId)
    {
        var activity = RequireActivity(activityId);
        Ids.Require(memberId, "memberId");
        if (!activity.Participants.Contains(memberId, StringComparer.Ordinal))
            throw new NotFoundException($"Member '{memberId}' is not a participant of activity '{activityId}'.");
        if (state.State.Roster.ContainsKey(memberId)) await Cooperative(memberId).RemoveParticipationAsync(activityId);
        activity.Participants.Remove(memberId);
        RebuildParticipations();
        await WriteAsync();
        return activity.ToActivity(activityId);
    }

    public async Task<FederationActivity> RecordParticipantsAsync(string activityId, IReadOnlyList<string>? memberIds)
    {
        var activity = RequireActivity(activityId);
        if (memberIds is null || memberIds.Count == 0)
            throw ValidationFailedException.For("memberIds", "'memberIds' lists at least one member id.");
        if (memberIds.Count > FederationRules.MaxParticipantsPerCall)
            throw ValidationFailedException.For("memberIds", $"At most {FederationRules.MaxParticipantsPerCall} members per call.");
        foreach (var memberId in memberIds) Ids.Require(memberId, "memberIds");
        // All or nothing: one unknown id and not a single participation is recorded.
        var unknown = memberIds.Where(m => !state.State.Roster.ContainsKey(m)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw ValidationFailedException.For("memberIds",
                $"Not members of this federation: {string.Join(", ", unknown.Take(10))}{(unknown.Count > 10 ? ", …" : "")}. Nothing was recorded.");

        var already = activity.Participants.ToHashSet(StringComparer.Ordinal);
        var added = memberIds.Where(already.Add).ToList();
        if (added.Count == 0) return activity.ToActivity(activityId);
        RequireParticipantsFit(activityId, activity.On, added);

        var participation = new Participation(activityId, activity.Kind, activity.On);
        await ForEachAsync(added, memberId => Cooperative(memberId).AddParticipationsAsync([participation]));
        activity.Participants.AddRange(added);
        foreach (var memberId in added) _participations.Add(memberId, activity.On);
        await WriteAsync();
        return activity.ToActivity(activityId);
    }

    public Task<FederationActivity> GetActivityAsync(string activityId) => Task.FromResult(RequireActivity(activityId).ToActivity(activityId));

    public Task<IReadOnlyList<FederationActivity>> ListActivitiesAsync(StatisticsPeriod period)
    {
        var valid = (period ?? StatisticsPeriod.AllTime).Validated();
        return Task.FromResult<IReadOnlyList<FederationActivity>>(state.State.Activities
            .Where(a => valid.Contains(a.Value.On))
            .OrderBy(a => a.Value.On).ThenBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => a.Value.ToActivity(a.Key))
            .ToList());
    }

    // ---- Sector tables and programmes ------------------------------------------------------

    public async Task<SectorTable> SetSectorTableAsync(SectorTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var valid = FederationRules.SectorTable(table);
        if (!state.State.SectorTables.ContainsKey(valid.Id) && state.State.SectorTables.Count >= FederationRules.MaxSectorTables)
            throw new ConflictException($"A federation holds at most {FederationRules.MaxSectorTables} sector tables.");
        state.State.SectorTables[valid.Id] = valid;
        await WriteAsync();
        return valid;
    }

    public Task<IReadOnlyList<SectorTable>> ListSectorTablesAsync() =>
        Task.FromResult<IReadOnlyList<SectorTable>>(state.State.SectorTables.Values.OrderBy(t => t.Id, StringComparer.Ordinal).ToList());

    public async Task<Programme> SetProgrammeAsync(Programme programme)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var valid = FederationRules.Programme(programme);
        if (!state.State.Programmes.ContainsKey(valid.Id) && state.State.Programmes.Count >= FederationRules.MaxProgrammes)
            throw new ConflictException($"A federation holds at most {FederationRules.MaxProgrammes} programmes.");
        state.State.Programmes[valid.Id] = valid;
        await WriteAsync();
        return valid;
    }

    public Task<IReadOnlyList<Programme>> ListProgrammesAsync() =>
        Task.FromResult<IReadOnlyList<Programme>>(state.State.Programmes.Values.OrderBy(p => p.Id, StringComparer.Ordinal).ToList());

    // ---- Statistics ------------------------------------------------------------------------

    public Task<FederationStatistics> GetStatisticsAsync(StatisticsPeriod period)
    {
        var valid = (period ?? StatisticsPeriod.AllTime).Validated();
        return Task.FromResult(Cached(_statistics, valid, () => FederationFigures.Own(FederationId, state.State, _participations, _tokens, valid)));
    }

    public Task<NetworkContribution> GetContributionAsync(StatisticsPeriod period)
    {
        var valid = (period ?? StatisticsPeriod.AllTime).Validated();
        return Task.FromResult(OwnContribution(valid));
    }

    public async Task<NetworkStatistics> GetNetworkStatisticsAsync(StatisticsPeriod period)
    {
        var valid = (period ?? StatisticsPeriod.AllTime).Validated();
        var descendants = await GrainFactory.GetGrain<IAffiliationRegistryGrain>(IAffiliationRegistryGrain.Key).GetDescendantsAsync(FederationId);

        var parts = new NetworkContribution[descendants.Count + 1];
        parts[0] = OwnContribution(valid);
        if (descendants.Count > 0)
        {
            // Warm contributions come back synchronously; cold ones load their federations in parallel.
            var pending = new Task<NetworkContribution>[descendants.Count];
            for (var i = 0; i < descendants.Count; i++)
                pending[i] = GrainFactory.GetGrain<IFederationGrain>(descendants[i]).GetContributionAsync(valid);
            for (var i = 0; i < pending.Length; i++) parts[i + 1] = await pending[i];
        }

        if (_networks.TryGetValue(valid, out var cached) && cached.Descendants.SequenceEqual(descendants, StringComparer.Ordinal) && SameParts(cached.Parts, parts))
            return cached.Statistics;
        _disclosureKey ??= await GrainFactory.GetGrain<IDisclosureKeyGrain>(IDisclosureKeyGrain.Key).GetKeyAsync();
        var statistics = NetworkMerger.Merge(valid, parts, _disclosureKey);
        NetworkMerges++;
        if (_networks.Count >= MaxCachedPeriods) _networks.Clear();
        _networks[valid] = new CachedNetwork(descendants, parts, statistics);
        return statistics;
    }

    // ---- Import ----------------------------------------------------------------------------

    public async Task ImportAsync(FederationImport data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!state.State.IsEmpty) throw new ConflictException($"Federation '{FederationId}' is not empty; import only fills an empty one.");
        var today = Today;

        var imported = new FederationState { Profile = data.Profile is null ? null : FederationRules.Profile(data.Profile) };
        foreach (var table in data.SectorTables ?? []) AddUnique(imported.SectorTables, FederationRules.SectorTable(table), t => t.Id, "sectorTables");
        foreach (var programme in data.Programmes ?? []) AddUnique(imported.Programmes, FederationRules.Programme(programme), p => p.Id, "programmes");

        var members = new Dictionary<string, Member>(StringComparer.Ordinal);
        foreach (var member in data.Members ?? [])
        {
            var valid = MemberStanding.WithHistory(FederationRules.Validate(member, today, imported.SectorTables));
            MemberStanding.Validate(valid);
            AddUnique(members, valid, m => m.Id, "members");
        }
        if (members.Count > FederationRules.MaxMembers) throw ValidationFailedException.For("members", $"At most {FederationRules.MaxMembers} members.");

        var participations = new Dictionary<string, List<Participation>>(StringComparer.Ordinal);
        foreach (var activity in data.Activities ?? [])
        {
            var id = Ids.Require(activity.Id, "activities.id");
            var entry = new ActivityEntry
            {
                Kind = FederationRules.RequireDefined<ActivityKind>(activity.Kind, "activities.kind"),
                Title = FederationRules.Title(activity.Title),
                On = FederationRules.RequireDate(activity.On, "activities.on", today, 5 * 366),
                Region = activity.Region is null ? null : Regions.Require(activity.Region, "activities.region"),
                Audience = FederationRules.OptionalAudience(activity.Audience),
                ProgrammeId = activity.ProgrammeId,
            };
            if (entry.ProgrammeId is not null && !imported.Programmes.ContainsKey(entry.ProgrammeId))
                throw ValidationFailedException.For("activities.programmeId", $"No programme '{entry.ProgrammeId}'.");
            foreach (var memberId in (activity.Participants ?? []).Distinct(StringComparer.Ordinal))
            {
                if (!members.TryGetValue(memberId, out var participant))
                    throw ValidationFailedException.For("activities.participants", $"Activity '{id}' names '{memberId}', who is not a member.");
                // Rule 9 holds for imported records too: a participant active on the day, a day that has come.
                if (entry.On > today)
                    throw ValidationFailedException.For("activities.participants", $"Activity '{id}' is dated {entry.On:yyyy-MM-dd}, after today, and names participants.");
                if (!MemberStanding.ActiveOn(RosterEntry.From(participant), entry.On))
                    throw ValidationFailedException.For("activities.participants", $"Activity '{id}' names '{memberId}', who was not an active member on {entry.On:yyyy-MM-dd}.");
                entry.Participants.Add(memberId);
                if (!participations.TryGetValue(memberId, out var list)) participations[memberId] = list = [];
                list.Add(new Participation(id, entry.Kind, entry.On));
            }
            AddUnique(imported.Activities, entry, _ => id, "activities");
        }
        foreach (var (id, member) in members) imported.Roster[id] = RosterEntry.From(member);

        // The records go into a few bundles (cooperative grains read them when they first activate), then
        // the federation is written once: a few writes instead of one per organisation.
        var bundles = members.Values
            .Select(member => member with { Participations = participations.GetValueOrDefault(member.Id) ?? [] })
            .GroupBy(member => CooperativeBundles.KeyFor(FederationId, member.Id));
        await Task.WhenAll(bundles.Select(bundle => GrainFactory.GetGrain<ICooperativeBundleGrain>(bundle.Key).ImportAsync(bundle.ToList())));
        state.State = imported;
        RebuildIndex();
        await WriteAsync();
    }

    // ---- Ambassadors (people, from the contacts) -------------------------------------------

    public async Task SetAmbassadorPeopleAsync(IReadOnlyDictionary<string, int> countsByMember)
    {
        ArgumentNullException.ThrowIfNull(countsByMember);
        var counts = countsByMember.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        if (counts.Count == state.State.AmbassadorPeople.Count && counts.All(c => state.State.AmbassadorPeople.GetValueOrDefault(c.Key) == c.Value)) return;
        state.State.AmbassadorPeople = counts;
        await WriteAsync();
    }

    // ---- Network reports: per affiliate against last year, and the feed -----------------------

    public async Task<NetworkBreakdown> GetNetworkBreakdownAsync(StatisticsPeriod period)
    {
        var (current, previous) = NetworkReports.Compared(period, Today);
        var children = (await Registry.ListAsync(FederationId))
            .Where(a => a.ParentId == FederationId && a.Status == AffiliationStatus.Accepted)
            .Select(a => a.ChildId).Order(StringComparer.Ordinal).ToList();
        var network = FiguresComparison.Of(await GetNetworkStatisticsAsync(current), await GetNetworkStatisticsAsync(previous));
        var affiliates = new List<AffiliateComparison>(children.Count);
        foreach (var child in children)
        {
            // The affiliate's own network statistics: what it publishes upward, suppression included.
            var grain = GrainFactory.GetGrain<IFederationGrain>(child);
            affiliates.Add(new AffiliateComparison(child, await NameOfAsync(child),
                FiguresComparison.Of(await grain.GetNetworkStatisticsAsync(current), await grain.GetNetworkStatisticsAsync(previous))));
        }
        return new NetworkBreakdown(current, previous, network, affiliates);
    }

    public async Task<IReadOnlyList<NetworkEvent>> GetNetworkFeedAsync(int? limit)
    {
        if (limit is < 1 or > MemberQuery.MaxLimit)
            throw ValidationFailedException.For("limit", $"'limit' must be between 1 and {MemberQuery.MaxLimit}.");
        var changes = await Registry.GetNetworkChangesAsync(FederationId);
        var shown = changes.Take(limit ?? changes.Count).ToList();
        // Each federation's name once, however many times it appears; a federation that left is named
        // as it presents itself now (a deleted one has no name left: its id is shown).
        var names = new Dictionary<string, LocalizedText?>(StringComparer.Ordinal);
        foreach (var id in shown.SelectMany(c => new[] { c.ChildId, c.ParentId }).Distinct(StringComparer.Ordinal))
            names[id] = await NameOfAsync(id);
        return shown
            .Select(c => new NetworkEvent(c.At, c.Kind, c.ChildId, names[c.ChildId], c.ParentId, names[c.ParentId], c.Depth, c.EndedBy))
            .ToList();
    }

    /// <summary>A federation's name as it presents itself (its profile), else its tenant's name.</summary>
    private async Task<LocalizedText?> NameOfAsync(string federationId)
    {
        var profile = federationId == FederationId ? state.State.Profile : await GrainFactory.GetGrain<IFederationGrain>(federationId).GetProfileAsync();
        return profile?.Name ?? (await GrainFactory.GetGrain<ITenantGrain>(federationId).GetProfileAsync())?.Name;
    }

    private IAffiliationRegistryGrain Registry => GrainFactory.GetGrain<IAffiliationRegistryGrain>(IAffiliationRegistryGrain.Key);

    // ---- Helpers ---------------------------------------------------------------------------

    private ICooperativeGrain Cooperative(string memberId) => GrainFactory.GetGrain<ICooperativeGrain>(Ids.Key(FederationId, memberId));

    private async Task<Member> LoadMemberAsync(string memberId)
    {
        Ids.Require(memberId, "memberId");
        if (!state.State.Roster.ContainsKey(memberId)) throw new NotFoundException($"No member '{memberId}' in this federation.");
        return MemberStanding.WithHistory(await Cooperative(memberId).GetAsync() ?? FromRoster(memberId));
    }

    /// <summary>
    /// The member as far as the roster knows it. Only reachable if a cooperative record went missing
    /// behind the federation's back (a store restored from an older backup): the list still answers.
    /// </summary>
    private Member FromRoster(string memberId)
    {
        var entry = state.State.Roster[memberId];
        return new Member(memberId, memberId, entry.Type, entry.Region, entry.Sector, entry.JoinedOn, null, null, entry.RegistryId,
            entry.EquityGroups is null ? null : new SelfIdentification(true, entry.EquityGroups),
            entry.Status, entry.LeftOn, entry.Ambassador, entry.SectorTables ?? [], [], entry.CountOnce, entry.History);
    }

    /// <summary>
    /// Rule 9 for members about to take part, or already taking part in an activity being moved to
    /// <paramref name="on"/>: the day has come, and each was an active member that day. Throws a
    /// 409 naming them, before anything is changed.
    /// </summary>
    private void RequireParticipantsFit(string activityId, DateOnly on, IReadOnlyCollection<string> memberIds)
    {
        if (memberIds.Count == 0) return;
        if (on > Today)
            throw new ParticipationRefusedException(
                $"Activity '{activityId}' is dated {on:yyyy-MM-dd}, after today: nobody can have taken part yet ({Listed(memberIds)}). Nothing was recorded.",
                activityId, on, ParticipationRefusal.ActivityInFuture, memberIds.ToList());
        var inactive = memberIds.Where(m => state.State.Roster.TryGetValue(m, out var entry) && !MemberStanding.ActiveOn(entry, on)).ToList();
        if (inactive.Count > 0)
            throw new ParticipationRefusedException(
                $"Not active members on {on:yyyy-MM-dd}, the activity's date (not joined yet, or withdrawn): {Listed(inactive)}. Nothing was recorded.",
                activityId, on, ParticipationRefusal.NotActiveOnDate, inactive);
    }

    /// <summary>A change of a member's standing must leave every participation on a day it was active (rule 9): 409 naming the activities otherwise.</summary>
    private static void RequireParticipationsFit(Member member, IReadOnlyList<Participation>? participations)
    {
        var entry = RosterEntry.From(member);
        var misfits = (participations ?? []).Where(p => !MemberStanding.ActiveOn(entry, p.On)).Select(p => p.ActivityId).ToList();
        if (misfits.Count > 0)
            throw new ConflictException(
                $"Member '{member.Id}' took part in activities on days it would no longer be an active member: {Listed(misfits)}. Remove those participations first; nothing was changed.");
    }

    private static string Listed(IEnumerable<string> ids)
    {
        var list = ids.ToList();
        return string.Join(", ", list.Take(10)) + (list.Count > 10 ? ", …" : "");
    }

    private async Task<Member> SaveMemberAsync(Member member, IReadOnlyList<Participation>? participations)
    {
        await Cooperative(member.Id).SaveAsync(member);
        state.State.Roster[member.Id] = RosterEntry.From(member);
        _tokens.Add(member.RegistryId);
        await WriteAsync();
        return member with { Participations = participations ?? [] };
    }

    private void RequireRegistryIdFree(string? registryId, string memberId)
    {
        if (registryId is null) return;
        foreach (var (id, entry) in state.State.Roster)
            if (id != memberId && entry.Status == MemberStatus.Active && entry.RegistryId == registryId)
                throw new ConflictException($"Registry number {registryId} belongs to member '{id}' already.");
    }

    private ActivityEntry RequireActivity(string activityId)
    {
        Ids.Require(activityId, "activityId");
        return state.State.Activities.GetValueOrDefault(activityId)
            ?? throw new NotFoundException($"No activity '{activityId}' in this federation.");
    }

    private string RequireProgramme(string programmeId)
    {
        Ids.Require(programmeId, "programmeId");
        if (!state.State.Programmes.ContainsKey(programmeId))
            throw ValidationFailedException.For("programmeId", $"No programme '{programmeId}' in this federation.");
        return programmeId;
    }

    private static string NewId(string prefix, Func<string, bool> taken)
    {
        while (true)
        {
            var id = Ids.New(prefix);
            if (!taken(id)) return id;
        }
    }

    private static void AddUnique<T>(Dictionary<string, T> into, T value, Func<T, string> key, string field)
    {
        if (!into.TryAdd(key(value), value))
            throw ValidationFailedException.For(field, $"'{key(value)}' appears twice in '{field}'.");
    }

    /// <summary>Calls cooperative grains a bounded number at a time (cold ones each read or write a file).</summary>
    private static async Task ForEachAsync<T>(IReadOnlyList<T> items, Func<T, Task> write, int fanOut = WriteFanOut)
    {
        for (var start = 0; start < items.Count; start += fanOut)
        {
            var batch = new Task[Math.Min(fanOut, items.Count - start)];
            for (var i = 0; i < batch.Length; i++) batch[i] = write(items[start + i]);
            await Task.WhenAll(batch);
        }
    }

    private string[] SortedIds()
    {
        return _sortedIds ??= state.State.Roster.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    private NetworkContribution OwnContribution(StatisticsPeriod period) =>
        Cached(_contributions, period, () => FederationFigures.Contribution(FederationId, state.State, _participations, _tokens, period) with { Version = state.Etag ?? "" });

    private T Cached<T>(Dictionary<StatisticsPeriod, T> cache, StatisticsPeriod period, Func<T> compute)
    {
        if (cache.TryGetValue(period, out var hit)) return hit;
        var value = compute();
        if (cache.Count >= MaxCachedPeriods) cache.Clear();
        cache[period] = value;
        return value;
    }

    private static bool SameParts(NetworkContribution[] cached, NetworkContribution[] current)
    {
        if (cached.Length != current.Length) return false;
        for (var i = 0; i < cached.Length; i++)
            if (cached[i].FederationId != current[i].FederationId || cached[i].Version != current[i].Version) return false;
        return true;
    }

    private void RebuildIndex()
    {
        RebuildParticipations();
        var tokens = new FederationFigures.TokenCache(_registryTokens);
        foreach (var entry in state.State.Roster.Values) tokens.Add(entry.RegistryId);
        _tokens = tokens;
    }

    /// <summary>After a correction (a participant removed, an activity moved or deleted, a member deleted): the index is rebuilt whole.</summary>
    private void RebuildParticipations()
    {
        var index = new FederationFigures.ParticipationIndex();
        foreach (var activity in state.State.Activities.Values)
            foreach (var memberId in activity.Participants) index.Add(memberId, activity.On);
        _participations = index;
    }

    /// <summary>Persists, after dropping every cached figure; a failed write drops the activation so memory never runs ahead of the store.</summary>
    private async Task WriteAsync()
    {
        _statistics = [];
        _contributions = [];
        _networks = [];
        _sortedIds = null;
        await state.WriteOrReloadAsync(this);
    }
}
