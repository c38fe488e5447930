using Platform.Abstractions;
using Platform.Grains.Federations;

namespace Platform.Grains.Statistics;

/// <summary>
/// Figures of one federation for one period, from its lean roster and its participation index —
/// both in the federation grain's memory, so no member grain is ever read for statistics.
/// </summary>
internal static class FederationFigures
{
    /// <summary>The index: member id → days (DateOnly.DayNumber) of the activities it took part in.</summary>
    public sealed class ParticipationIndex
    {
        private readonly Dictionary<string, List<int>> _days = new(StringComparer.Ordinal);

        public void Add(string memberId, DateOnly on)
        {
            if (!_days.TryGetValue(memberId, out var days)) _days[memberId] = days = [];
            days.Add(on.DayNumber);
        }

        public bool Participated(string memberId, StatisticsPeriod period)
        {
            if (!_days.TryGetValue(memberId, out var days)) return false;
            var from = period.From?.DayNumber ?? int.MinValue;
            var to = period.To?.DayNumber ?? int.MaxValue;
            foreach (var day in days)
                if (day >= from && day <= to) return true;
            return false;
        }
    }

    /// <summary>
    /// Tokens of the roster's registry numbers, kept by the federation grain: an HMAC costs about a
    /// microsecond, which over 10,000 organisations was most of a network recount.
    /// </summary>
    public sealed class TokenCache(RegistryTokens tokens)
    {
        private readonly Dictionary<string, ulong> _tokens = new(StringComparer.Ordinal);

        /// <summary>Only from a turn that writes (never beside readers).</summary>
        public void Add(string? registryId)
        {
            if (registryId is not null && !_tokens.ContainsKey(registryId)) _tokens[registryId] = tokens.Of(registryId);
        }

        public ulong Of(string registryId) => _tokens.TryGetValue(registryId, out var token) ? token : tokens.Of(registryId);
    }

    /// <summary>One member seen through a period; false when it had not joined yet by the period's end.</summary>
    public static bool TryFacts(
        string federationId, string memberId, RosterEntry member, StatisticsPeriod period, ParticipationIndex participations,
        TokenCache tokens, int ambassadorPeople, out OrganisationFacts facts)
    {
        if (period.To is { } end && member.JoinedOn > end)
        {
            facts = default;
            return false;
        }
        // A withdrawal takes effect on its date: active as of the end only if it comes later, or a
        // reinstatement came after it (MemberStanding).
        var leftOn = MemberStanding.LeftAsOf(member, period.To);
        var active = leftOn is null;
        facts = new OrganisationFacts(
            Token: member.RegistryId is null ? 0 : tokens.Of(member.RegistryId),
            Federation: federationId,
            Active: active,
            WithdrawnInPeriod: leftOn is { } left && period.Contains(left),
            Participated: participations.Participated(memberId, period),
            // An organisation with an ambassador among its contacts is an ambassador organisation too.
            Ambassador: member.Ambassador || ambassadorPeople > 0,
            JoinedOn: member.JoinedOn,
            Region: member.Region,
            Type: member.Type,
            Sector: member.Sector,
            SelfIdentification: member.SelfIdentificationMask(),
            CountOnce: member.CountOnce,
            AmbassadorPeople: active ? ambassadorPeople : 0);
        return true;
    }

    public static FederationStatistics Own(string federationId, FederationState state, ParticipationIndex participations, TokenCache tokens, StatisticsPeriod period)
    {
        var members = new AggregateBuilder(period.From);
        var sectorTables = state.SectorTables.Keys.Order(StringComparer.Ordinal).ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        foreach (var (memberId, entry) in state.Roster)
        {
            if (!TryFacts(federationId, memberId, entry, period, participations, tokens, state.AmbassadorPeople.GetValueOrDefault(memberId), out var facts)) continue;
            members.Add(facts);
            if (!facts.Active) continue;
            foreach (var table in entry.SectorTables ?? [])
                if (sectorTables.ContainsKey(table)) sectorTables[table]++;
        }

        var activities = Tally(state, period);
        var selfIdentification = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < SelfIdentificationCells.Names.Count; i++)
            selfIdentification[SelfIdentificationCells.Names[i]] = members.SelfIdentificationCounts[i];

        return new FederationStatistics(
            period,
            members.BuildMembers(),
            members.BuildParticipation(activities.ByKind()),
            activities.Reach,
            members.Ambassadors,
            sectorTables,
            selfIdentification,
            members.AmbassadorPeople,
            activities.Audiences);
    }

    /// <summary>
    /// What a parent may read: counts for members without a registry number, anonymous facts for those
    /// with one, and activity counts. No member id, no name, no registry number.
    /// </summary>
    public static NetworkContribution Contribution(string federationId, FederationState state, ParticipationIndex participations, TokenCache tokens, StatisticsPeriod period)
    {
        var unregistered = new AggregateBuilder(period.From);
        var registered = new List<OrganisationFacts>();
        foreach (var (memberId, entry) in state.Roster)
        {
            if (!TryFacts(federationId, memberId, entry, period, participations, tokens, state.AmbassadorPeople.GetValueOrDefault(memberId), out var facts)) continue;
            if (entry.RegistryId is null) unregistered.Add(facts);
            else registered.Add(facts);
        }
        var activities = Tally(state, period);
        return new NetworkContribution(federationId, period, unregistered.Build(), registered.ToArray(), activities.ByKind(), activities.Reach, ScreeningReach: activities.ScreeningReach);
    }

    private static ActivityTally Tally(FederationState state, StatisticsPeriod period)
    {
        var tally = new ActivityTally();
        foreach (var activity in state.Activities.Values)
            if (period.Contains(activity.On)) tally.Add(activity.Kind, activity.Audience);
        return tally;
    }
}
