using Orleans;
using System.Text.Json.Serialization;
using Platform.Abstractions;

namespace Platform.Grains.Federations;

/// <summary>
/// A federation's stored state. The roster keeps only what statistics and filters need; full
/// profiles live in the cooperative grains. Nulls and defaults are left out of the JSON so a
/// federation of a few thousand members stays far below the stores' 1 MiB limit
/// (FederationStateSizeTests).
/// </summary>
[GenerateSerializer, Alias("FederationState")]
public sealed class FederationState
{
    [Id(0)] public FederationProfile? Profile { get; set; }
    [Id(1)] public Dictionary<string, RosterEntry> Roster { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public Dictionary<string, ActivityEntry> Activities { get; set; } = new(StringComparer.Ordinal);
    [Id(3)] public Dictionary<string, SectorTable> SectorTables { get; set; } = new(StringComparer.Ordinal);
    [Id(4)] public Dictionary<string, Programme> Programmes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Member id → how many of its contacts are ambassadors (set by the tenant's contacts grain).</summary>
    [Id(5)] public Dictionary<string, int> AmbassadorPeople { get; set; } = new(StringComparer.Ordinal);

    [JsonIgnore]
    public bool IsEmpty => Profile is null && Roster.Count == 0 && Activities.Count == 0 && SectorTables.Count == 0 && Programmes.Count == 0;
}

/// <summary>
/// One member as the roster knows it. <see cref="EquityGroups"/> is null without consent;
/// <see cref="History"/> only once the member was reinstated (see <see cref="MemberStanding"/>).
/// </summary>
[GenerateSerializer, Alias("RosterEntry")]
public sealed record RosterEntry(
    MemberStatus Status,
    DateOnly JoinedOn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? LeftOn,
    string Region,
    MemberType Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sector,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RegistryId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Ambassador,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<EquityGroup>? EquityGroups,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? SectorTables,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool CountOnce = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<MemberStatusChange>? History = null)
{
    public static RosterEntry From(Member member) => new(
        member.Status,
        member.JoinedOn,
        member.WithdrawnOn,
        member.Region,
        member.Type,
        member.Sector,
        member.RegistryId,
        member.Ambassador,
        member.SelfIdentification is { Consented: true } identification ? identification.Groups ?? [] : null,
        member.SectorTables.Count == 0 ? null : member.SectorTables,
        member.CountOnceAcrossNetwork,
        MemberStanding.ForRoster(member));

    public ushort SelfIdentificationMask()
    {
        if (EquityGroups is null) return 0;
        var mask = SelfIdentificationCells.ConsentBit;
        foreach (var group in EquityGroups) mask |= (ushort)(1 << (int)group);
        return mask;
    }
}

/// <summary>An activity; <see cref="Participants"/> belongs to the state and is copied before it is handed out.</summary>
[GenerateSerializer, Alias("ActivityEntry")]
public sealed class ActivityEntry
{
    [Id(0)] public ActivityKind Kind { get; set; }
    [Id(1)] public LocalizedText Title { get; set; } = new("", "");
    [Id(2)] public DateOnly On { get; set; }
    [Id(3)] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Region { get; set; }
    [Id(4)] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Audience { get; set; }
    [Id(5)] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ProgrammeId { get; set; }
    [Id(6)] public List<string> Participants { get; set; } = [];

    public FederationActivity ToActivity(string id) => new(id, Kind, Title, On, Region, Audience, ProgrammeId, Participants.ToList());
}
