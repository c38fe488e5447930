using Orleans;
using Platform.Abstractions;

namespace Platform.Grains.Federations;

/// <summary>Every affiliation between federations: a few hundred edges, in one small state.</summary>
[GenerateSerializer, Alias("AffiliationRegistryState")]
public sealed class AffiliationRegistryState
{
    [Id(0)] public List<Affiliation> Affiliations { get; set; } = [];

    /// <summary>
    /// Accepted affiliations that ended, oldest first, so the networks above can read the departure
    /// in their feed. Bounded (<see cref="AffiliationRegistryGrain.EndedKeptFor"/>, <see cref="AffiliationRegistryGrain.MaxEnded"/>).
    /// A state stored before this list existed loads with it empty.
    /// </summary>
    [Id(1)] public List<EndedAffiliation> Ended { get; set; } = [];
}

/// <summary>An accepted affiliation that ended: when the child had joined, when it left, and who ended it.</summary>
[GenerateSerializer, Immutable, Alias("EndedAffiliation")]
public sealed record EndedAffiliation(string ParentId, string ChildId, DateTimeOffset JoinedAt, DateTimeOffset LeftAt, AffiliationEndedBy EndedBy);
