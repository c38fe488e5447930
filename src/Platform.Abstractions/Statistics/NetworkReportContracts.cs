using Orleans;

namespace Platform.Abstractions;

/// <summary>
/// A network's figures broken down per direct affiliate, for a period and the same period a year
/// earlier (API.md <c>GET …/network/affiliates</c>). Each affiliate's figures are its own network
/// statistics (it and everything below it), exactly as it publishes them upward: the same counting
/// once and the same small-cell suppression as the network's totals.
/// </summary>
[GenerateSerializer, Immutable, Alias("NetworkBreakdown")]
public sealed record NetworkBreakdown(
    StatisticsPeriod Period,
    StatisticsPeriod PreviousPeriod,
    FiguresComparison Network,
    IReadOnlyList<AffiliateComparison> Affiliates);

/// <summary>One scope's figures now and a year earlier, and the change between them.</summary>
[GenerateSerializer, Immutable, Alias("FiguresComparison")]
public sealed record FiguresComparison(NetworkStatistics Current, NetworkStatistics Previous, FiguresChange Change)
{
    public static FiguresComparison Of(NetworkStatistics current, NetworkStatistics previous) => new(current, previous, new FiguresChange(
        current.Members.Active - previous.Members.Active,
        current.Participation.ParticipatingMembers - previous.Participation.ParticipatingMembers,
        current.Participation.Rate - previous.Participation.Rate,
        current.Ambassadors - previous.Ambassadors,
        current.AmbassadorPeople - previous.AmbassadorPeople,
        current.Reach - previous.Reach));
}

/// <summary>Current minus previous: members, participating members, rate (in points of a fraction), ambassadors, people reached.</summary>
[GenerateSerializer, Immutable, Alias("FiguresChange")]
public sealed record FiguresChange(int Active, int ParticipatingMembers, decimal Rate, int Ambassadors, int AmbassadorPeople, int Reach);

/// <summary>A direct affiliate's figures (its whole branch of the network).</summary>
[GenerateSerializer, Immutable, Alias("AffiliateComparison")]
public sealed record AffiliateComparison(string FederationId, LocalizedText? Name, FiguresComparison Figures);

/// <summary>
/// Something that changed a network's figures: a federation joined it or left it, under the network
/// itself or under one of its affiliates (API.md <c>GET …/network/feed</c>). <see cref="Depth"/> is
/// how far below the reader the federation sits through <see cref="ParentId"/> (1: a direct
/// affiliate). <see cref="EndedBy"/> says, for a departure, who ended the affiliation.
/// </summary>
[GenerateSerializer, Immutable, Alias("NetworkEvent")]
public sealed record NetworkEvent(
    DateTimeOffset At,
    NetworkEventKind Kind,
    string FederationId,
    LocalizedText? Name,
    string ParentId,
    LocalizedText? ParentName,
    int Depth,
    AffiliationEndedBy? EndedBy = null);

public enum NetworkEventKind { Joined, Left }

/// <summary>
/// Who ended an accepted affiliation: the child left, the parent removed it, or one of them was
/// deleted from the platform (the affiliations of a deleted tenant end with it).
/// </summary>
public enum AffiliationEndedBy { Child, Parent, Deletion }

/// <summary>
/// One change of a network as the affiliation registry knows it: ids and dates only (the federation
/// reading its feed adds the names). <see cref="Depth"/> as in <see cref="NetworkEvent"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("NetworkChange")]
public sealed record NetworkChange(DateTimeOffset At, NetworkEventKind Kind, string ChildId, string ParentId, int Depth, AffiliationEndedBy? EndedBy);
