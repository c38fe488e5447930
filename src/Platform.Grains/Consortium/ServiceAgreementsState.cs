using Orleans;
using Platform.Abstractions;

namespace Platform.Grains.Consortium;

[GenerateSerializer, Alias("ServiceAgreementsState")]
public sealed class ServiceAgreementsState
{
    /// <summary>Agreements offered to this client, by agreement id (unique per client, see the grain).</summary>
    [Id(0)] public Dictionary<string, Agreement> Agreements { get; set; } = [];
}
