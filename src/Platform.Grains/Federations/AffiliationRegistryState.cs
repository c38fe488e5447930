using Orleans;
using Platform.Abstractions;

namespace Platform.Grains.Federations;

/// <summary>Every affiliation between federations: a few hundred edges, in one small state.</summary>
[GenerateSerializer, Alias("AffiliationRegistryState")]
public sealed class AffiliationRegistryState
{
    [Id(0)] public List<Affiliation> Affiliations { get; set; } = [];
}
