using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans;

namespace Platform.Abstractions;

/// <summary>
/// The period of a statistics request: both bounds optional and inclusive; no bound means all
/// time. Members are counted as of <see cref="To"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("StatisticsPeriod")]
public sealed record StatisticsPeriod(DateOnly? From = null, DateOnly? To = null)
{
    public static readonly StatisticsPeriod AllTime = new();

    /// <summary>Throws a 400 when the bounds are reversed.</summary>
    public StatisticsPeriod Validated()
    {
        if (From is { } from && To is { } to && from > to)
            throw ValidationFailedException.For("from", "'from' must not be after 'to'.");
        return this;
    }

    public bool Contains(DateOnly day) => (From is null || day >= From) && (To is null || day <= To);

    /// <summary>The calendar year this period is, exactly (1 January to 31 December); null for any other period.</summary>
    public int? WholeYear =>
        From is { Month: 1, Day: 1 } from && To is { Month: 12, Day: 31 } to && from.Year == to.Year ? from.Year : null;
}

[GenerateSerializer, Immutable, Alias("MemberStatistics")]
public sealed record MemberStatistics(
    int Active,
    int Withdrawn,
    IReadOnlyDictionary<string, int> ByRegion,
    IReadOnlyDictionary<string, int> ByType,
    IReadOnlyDictionary<string, int> BySector,
    IReadOnlyDictionary<string, int> JoinedByMonth);

/// <summary>Rule 1: <see cref="Rate"/> = participating active members ÷ active members (0 when there are none), to 4 decimals.</summary>
[GenerateSerializer, Immutable, Alias("ParticipationStatistics")]
public sealed record ParticipationStatistics(
    int ActiveMembers,
    int ParticipatingMembers,
    decimal Rate,
    IReadOnlyDictionary<string, int> ActivitiesByKind);

/// <summary>
/// One federation's statistics for a period (API.md <c>GET …/statistics</c>). <see cref="Ambassadors"/>
/// counts active organisations with an ambassador, <see cref="AmbassadorPeople"/> the ambassadors
/// themselves (people recorded as contacts): two figures, since one co-op may have two.
/// </summary>
[GenerateSerializer, Immutable, Alias("FederationStatistics")]
public sealed record FederationStatistics(
    StatisticsPeriod Period,
    MemberStatistics Members,
    ParticipationStatistics Participation,
    int Reach,
    int Ambassadors,
    IReadOnlyDictionary<string, int> SectorTables,
    IReadOnlyDictionary<string, int> SelfIdentification,
    int AmbassadorPeople = 0,
    AudienceStatistics? Audiences = null);

/// <summary>
/// <see cref="FederationStatistics.Reach"/> split by where people were reached: the audiences of
/// screenings and those of conferences are different publics and are reported apart.
/// </summary>
[GenerateSerializer, Immutable, Alias("AudienceStatistics")]
public sealed record AudienceStatistics(int Screenings, int Conferences);

/// <summary>
/// Statistics over a federation and its accepted affiliates, recursively. Organisations with the same
/// registry number count once (rule 2). <see cref="SelfIdentification"/> (rule 3) is published only
/// for a whole report year (<see cref="SelfIdentificationYear"/>; empty for any other period, so two
/// periods a month apart cannot be subtracted), its cells below 5 suppressed as <c>"&lt;5"</c> and
/// named in <see cref="Suppressed"/>, the others randomly rounded to a multiple of 5, the same way
/// for the same cell, year and count (docs/security.md "Disclosure control").
/// </summary>
[GenerateSerializer, Immutable, Alias("NetworkStatistics")]
public sealed record NetworkStatistics(
    StatisticsPeriod Period,
    int Federations,
    int Affiliates,
    MemberStatistics Members,
    ParticipationStatistics Participation,
    int Reach,
    int Ambassadors,
    IReadOnlyDictionary<string, CellValue> SelfIdentification,
    IReadOnlyList<string> Suppressed,
    int? SelfIdentificationYear = null,
    int AmbassadorPeople = 0,
    AudienceStatistics? Audiences = null);

/// <summary>A published count, or a suppressed one (written <c>"&lt;5"</c>).</summary>
[JsonConverter(typeof(CellValueJsonConverter))]
[GenerateSerializer, Immutable, Alias("CellValue")]
public readonly record struct CellValue(int? Count)
{
    public const string SuppressedText = "<5";

    public static CellValue Suppressed => new(null);

    public bool IsSuppressed => Count is null;

    public override string ToString() => Count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? SuppressedText;
}

public sealed class CellValueJsonConverter : JsonConverter<CellValue>
{
    public override CellValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => new CellValue(reader.GetInt32()),
            JsonTokenType.String when reader.GetString() == CellValue.SuppressedText => CellValue.Suppressed,
            _ => throw new JsonException($"A statistics cell is a number or \"{CellValue.SuppressedText}\"."),
        };

    public override void Write(Utf8JsonWriter writer, CellValue value, JsonSerializerOptions options)
    {
        if (value.Count is { } count) writer.WriteNumberValue(count);
        else writer.WriteStringValue(CellValue.SuppressedText);
    }
}

/// <summary>
/// The self-identification breakdown: one cell per equity group for organisations naming exactly
/// one, then <c>multiple</c>, <c>none</c> (consented, no group) and <c>not-provided</c>. The cells
/// partition the active members, so their sum is the published active count: that is what makes
/// complementary suppression necessary.
/// </summary>
public static class SelfIdentificationCells
{
    public const string Multiple = "multiple";
    public const string None = "none";
    public const string NotProvided = "not-provided";

    private static readonly EquityGroup[] s_groups = Enum.GetValues<EquityGroup>();

    /// <summary>Cell names in publication order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. s_groups.Select(EnumNames.Of), Multiple, None, NotProvided];

    /// <summary>Bit set when the organisation consented; groups use bits 0…n.</summary>
    public const ushort ConsentBit = 1 << 15;

    public static ushort Mask(SelfIdentification? identification)
    {
        if (identification is not { Consented: true }) return 0;
        var mask = ConsentBit;
        foreach (var group in identification.Groups ?? []) mask |= (ushort)(1 << (int)group);
        return (ushort)mask;
    }

    /// <summary>The index in <see cref="Names"/> of the cell an organisation with this mask falls in.</summary>
    public static int CellOf(ushort mask)
    {
        if ((mask & ConsentBit) == 0) return s_groups.Length + 2;
        var groups = mask & ~ConsentBit;
        if (groups == 0) return s_groups.Length + 1;
        if ((groups & (groups - 1)) != 0) return s_groups.Length;
        return System.Numerics.BitOperations.TrailingZeroCount(groups);
    }
}

/// <summary>Enum values as they read in JSON (kebab-case), for dictionary keys of statistics.</summary>
public static class EnumNames
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Cache<TEnum>.Names[value];

    private static class Cache<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> Names =
            Enum.GetValues<TEnum>().ToDictionary(v => v, v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()));
    }
}

/// <summary>Counts over a set of members, with no member in them.</summary>
[GenerateSerializer, Immutable, Alias("MemberAggregate")]
public sealed record MemberAggregate(
    int Active,
    int Withdrawn,
    int Participating,
    int Ambassadors,
    IReadOnlyDictionary<string, int> ByRegion,
    IReadOnlyDictionary<string, int> ByType,
    IReadOnlyDictionary<string, int> BySector,
    IReadOnlyDictionary<string, int> JoinedByMonth,
    IReadOnlyList<int> SelfIdentification,
    int AmbassadorPeople = 0);

/// <summary>
/// What one registered organisation (one with a registry number) brings to a network count, for one
/// period: no name, no member id, and the registry number only as <see cref="Token"/>, a keyed hash
/// that means nothing outside this process. Two memberships of one organisation carry the same token.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrganisationFacts")]
public readonly record struct OrganisationFacts(
    ulong Token,
    string Federation,
    bool Active,
    bool WithdrawnInPeriod,
    bool Participated,
    bool Ambassador,
    DateOnly JoinedOn,
    string Region,
    MemberType Type,
    string? Sector,
    ushort SelfIdentification,
    bool CountOnce = false,
    int AmbassadorPeople = 0);

/// <summary>
/// One federation's part of a network count for a period (docs/federations.md "What crosses to a
/// parent"): aggregates of its members without a registry number, facts of those with one (to count
/// them once across the network), and its activities. Immutable; cached until the federation changes.
/// </summary>
[GenerateSerializer, Immutable, Alias("NetworkContribution")]
public sealed record NetworkContribution(
    string FederationId,
    StatisticsPeriod Period,
    MemberAggregate Unregistered,
    IReadOnlyList<OrganisationFacts> Registered,
    IReadOnlyDictionary<string, int> ActivitiesByKind,
    int Reach,
    string Version = "",
    int ScreeningReach = 0);

/// <summary>
/// The secret of disclosure control (key <see cref="Key"/>): the key of the hash that draws each
/// cell's random rounding, drawn once and stored, so every silo and every restart rounds a cell the
/// same way and repeated queries cannot average the rounding away. Only grains call it: the tenant
/// boundary filter refuses it to the gateway.
/// </summary>
public interface IDisclosureKeyGrain : IGrainWithStringKey
{
    public const string Key = "_disclosure";

    [Orleans.Concurrency.ReadOnly] Task<byte[]> GetKeyAsync();
}
