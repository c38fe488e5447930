using System.Runtime.InteropServices;
using Platform.Abstractions;

namespace Platform.Grains.Statistics;

/// <summary>
/// Rule 2: network statistics as the union of the contributions of a federation and of every
/// accepted affiliate below it. Aggregates of members without a registry number are added up;
/// organisations with one are merged by token first, so one organisation in two federations counts
/// once. The merge is associative, commutative and idempotent, so the order in which affiliates
/// answer never changes a figure.
/// </summary>
internal static class NetworkMerger
{
    public static NetworkStatistics Merge(StatisticsPeriod period, IReadOnlyList<NetworkContribution> contributions)
    {
        var members = new AggregateBuilder(period.From);
        var activities = new ActivityTally();
        var capacity = 0;
        foreach (var contribution in contributions) capacity += contribution.Registered.Count;
        var organisations = new Dictionary<ulong, OrganisationFacts>(capacity);

        foreach (var contribution in contributions)
        {
            members.Add(contribution.Unregistered);
            activities.Add(contribution.ActivitiesByKind, contribution.Reach);
            foreach (var facts in contribution.Registered)
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(organisations, facts.Token, out var seen);
                slot = seen ? Combine(slot, facts) : facts;
            }
        }
        foreach (var facts in organisations.Values) members.Add(facts);

        var selfIdentification = Suppression.Apply(SelfIdentificationCells.Names, members.SelfIdentificationCounts, "selfIdentification.");
        return new NetworkStatistics(
            period,
            Federations: contributions.Count,
            Affiliates: contributions.Count - 1,
            members.BuildMembers(),
            members.BuildParticipation(activities.ByKind()),
            activities.Reach,
            members.Ambassadors,
            selfIdentification.Cells,
            selfIdentification.Suppressed);
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
            JoinedOn = a.JoinedOn <= b.JoinedOn ? a.JoinedOn : b.JoinedOn,
            SelfIdentification = (ushort)(a.SelfIdentification | b.SelfIdentification),
        };
    }

    private static bool Chooses(in OrganisationFacts a, in OrganisationFacts b)
    {
        if (a.Active != b.Active) return a.Active;
        return string.CompareOrdinal(a.Federation, b.Federation) <= 0;
    }
}
