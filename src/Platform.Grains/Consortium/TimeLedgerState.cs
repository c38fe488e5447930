using Orleans;
using Platform.Abstractions;

namespace Platform.Grains.Consortium;

[GenerateSerializer, Alias("TimeLedgerState")]
public sealed class TimeLedgerState
{
    [Id(0)] public List<TimeEntry> Entries { get; set; } = [];

    /// <summary>Issued statements by client id: frozen, never recomputed.</summary>
    [Id(1)] public Dictionary<string, Statement> Issued { get; set; } = [];
}
