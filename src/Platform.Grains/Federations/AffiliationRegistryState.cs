using Platform.Abstractions;

namespace Platform.Grains.Federations;

/// <summary>Every affiliation between federations: a few hundred edges, in one small state.</summary>
public sealed class AffiliationRegistryState
{
    public List<Affiliation> Affiliations { get; set; } = [];
}
