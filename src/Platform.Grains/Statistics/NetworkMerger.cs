using System.Runtime.InteropServices;
using Platform.Abstractions;

namespace Platform.Grains.Statistics;

/// <summary>
/// Rule 2: network statistics as the union of the contributions of a federation and of every
/// accepted affiliate below it. Aggregates of members without a registry number are added up;
/// organisations with one are merged by token first, so one organisation in two affiliates counts
/// once. The requesting federation's own members (the first contribution) are merged with an
/// affiliate's only where that affiliate's membership consented to be counted once across the
/// network: otherwise a parent could add a registry number to its own roster and watch whether the
/// total moves to learn whether it is an affiliate's member (the registry-number oracle). The merge
/// of the affiliates is associative, commutative and idempotent, so the order in which they answer
/// never changes a figure.
/// </summary>
internal static class NetworkMerger
{
    public static NetworkStatistics Merge(StatisticsPeriod period, IReadOnlyList<NetworkContribution> contributions, ReadOnlySpan<byte> disclosureKey)
    {
        var members = new AggregateBuilder(period.From);
        var activities = new ActivityTally();
        var capacity = 0;
        foreach (var contribution in contributions) capacity += contribution.Registered.Count;
        var organisations = new Dictionary<ulong, OrganisationFacts>(capacity);

        for (var i = 0; i < contributions.Count; i++)
        {
            var contribution = contributions[i];
            members.Add(contribution.Unregistered);
            activities.Add(contribution.ActivitiesByKind, contribution.Reach, contribution.ScreeningReach);
            if (i == 0) continue;
            foreach (var facts in contribution.Registered)
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(organisations, facts.Token, out var seen);
                slot = seen ? Combine(slot, facts) : facts;
            }
        }
        if (contributions.Count > 0)
        {
            foreach (var own in contributions[0].Registered)
            {
                if (organisations.TryGetValue(own.Token, out var theirs) && theirs.CountOnce) organisations[own.Token] = Combine(theirs, own);
                else members.Add(own);
            }
        }
        foreach (var facts in organisations.Values) members.Add(facts);

        // Equity groups go upward for whole report years only, suppressed then randomly rounded.
        var year = period.WholeYear;
        var selfIdentification = year is { } y
            ? DisclosureControl.Publish(SelfIdentificationCells.Names, members.SelfIdentificationCounts, "selfIdentification.", y, disclosureKey)
            : new Suppression.Result(new Dictionary<string, CellValue>(StringComparer.Ordinal), []);
        return new NetworkStatistics(
            period,
            Federations: contributions.Count,
            Affiliates: contributions.Count - 1,
            members.BuildMembers(),
            members.BuildParticipation(activities.ByKind()),
            activities.Reach,
            members.Ambassadors,
            selfIdentification.Cells,
            selfIdentification.Suppressed,
            year,
            members.AmbassadorPeople,
            activities.Audiences);
    }

    /// <summary>
    /// Two memberships of one organisation. Its place in the breakdowns (region, type, sector) comes
    /// from one chosen membership — an active one first, then the lowest federation id — and the rest
    /// is a union: active or participating or ambassador anywhere, the earliest join, every group it
    /// named anywhere.
    /// </summary>
    public static OrganisationFacts Combine(in OrganisationFacts a, in OrganisationFacts b)
    {
        var chosen = Chooses(a, b) ? a : b;
        return chosen with
        {
            Active = a.Active || b.Active,
            WithdrawnInPeriod = a.WithdrawnInPeriod || b.WithdrawnInPeriod,
            Participated = a.Participated || b.Participated,
            Ambassador = (a.Active && a.Ambassador) || (b.Active && b.Ambassador),
            // The same people may be recorded by both federations: the larger count, never the sum.
            AmbassadorPeople = Math.Max(a.Active ? a.AmbassadorPeople : 0, b.Active ? b.AmbassadorPeople : 0),
            JoinedOn = a.JoinedOn <= b.JoinedOn ? a.JoinedOn : b.JoinedOn,
            SelfIdentification = (ushort)(a.SelfIdentification | b.SelfIdentification),
            CountOnce = a.CountOnce || b.CountOnce,
        };
    }

    private static bool Chooses(in OrganisationFacts a, in OrganisationFacts b)
    {
        if (a.Active != b.Active) return a.Active;
        return string.CompareOrdinal(a.Federation, b.Federation) <= 0;
    }
}
