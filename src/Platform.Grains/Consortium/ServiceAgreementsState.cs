using Platform.Abstractions;

namespace Platform.Grains.Consortium;

public sealed class ServiceAgreementsState
{
    /// <summary>Agreements offered to this client, by agreement id (unique per client, see the grain).</summary>
    public Dictionary<string, Agreement> Agreements { get; set; } = [];
}
