using Orleans;
using Platform.Abstractions;

namespace Platform.Grains.Consortium;

[GenerateSerializer, Alias("ConsortiumState")]
public sealed class ConsortiumState
{
    [Id(0)] public Dictionary<string, ExpertiseField> Fields { get; set; } = [];
    [Id(1)] public Dictionary<string, ProfessionalRecord> Professionals { get; set; } = [];
    [Id(2)] public Dictionary<string, Agreement> Agreements { get; set; } = [];

    /// <summary>Requests still open or assigned; dropped when done or cancelled, so this stays as small as the work in hand.</summary>
    [Id(3)] public Dictionary<string, ActiveRequestEntry> ActiveRequests { get; set; } = [];
}

/// <summary>
/// A professional as stored: the rate history sorted by effective date, never empty.
/// <see cref="PersonId"/> came later: states stored before it read as unlinked.
/// </summary>
[GenerateSerializer, Alias("ProfessionalRecord")]
public sealed record ProfessionalRecord(
    string Id,
    string Name,
    IReadOnlyList<string> Fields,
    IReadOnlyList<RateChange> RateHistory,
    decimal WeeklyCapacity,
    bool Active,
    string? PersonId = null);

/// <summary>
/// What the consortium keeps of a request in progress: enough to rank candidates and list work in
/// hand without a call per request. <see cref="RecordedHours"/> sums the time recorded on it.
/// </summary>
[GenerateSerializer, Alias("ActiveRequestEntry")]
public sealed record ActiveRequestEntry(
    string Id,
    string ClientId,
    string Field,
    ServiceRequestStatus Status,
    string? ProfessionalId,
    DateOnly NeedBy,
    decimal? EstimatedHours,
    decimal RecordedHours);
