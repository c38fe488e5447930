using Platform.Abstractions;

namespace Platform.Grains.Consortium;

public sealed class TimeLedgerState
{
    public List<TimeEntry> Entries { get; set; } = [];

    /// <summary>Issued statements by client id: frozen, never recomputed.</summary>
    public Dictionary<string, Statement> Issued { get; set; } = [];
}
