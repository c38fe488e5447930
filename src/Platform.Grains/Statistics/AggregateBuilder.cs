using System.Globalization;
using System.Runtime.InteropServices;
using Platform.Abstractions;

namespace Platform.Grains.Statistics;

/// <summary>
/// Adds members (as <see cref="OrganisationFacts"/> of one period) and whole aggregates into counts.
/// Rules, one place for own and network statistics alike:
/// - active = member as of the period's end; only active members are broken down by region, type,
///   sector and self-identification, and count as participating (rule 1) or as ambassadors;
/// - withdrawn = withdrew within the period and active nowhere else;
/// - joined by month = joined within the period, whatever its status since.
/// </summary>
internal sealed class AggregateBuilder
{
    private static readonly string[] s_typeNames = Enum.GetValues<MemberType>().Select(EnumNames.Of).ToArray();

    private readonly int[] _byType = new int[s_typeNames.Length];
    private readonly int[] _selfIdentification = new int[SelfIdentificationCells.Names.Count];
    private readonly Dictionary<string, int> _byRegion = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _bySector = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _joinedByMonth = [];
    private readonly DateOnly? _from;

    public AggregateBuilder(DateOnly? from) => _from = from;

    public int Active { get; private set; }
    public int Withdrawn { get; private set; }
    public int Participating { get; private set; }
    public int Ambassadors { get; private set; }
    public int AmbassadorPeople { get; private set; }

    public void Add(in OrganisationFacts member)
    {
        if (_from is null || member.JoinedOn >= _from)
            Increment(_joinedByMonth, member.JoinedOn.Year * 100 + member.JoinedOn.Month, 1);
        if (!member.Active)
        {
            if (member.WithdrawnInPeriod) Withdrawn++;
            return;
        }
        Active++;
        if (member.Participated) Participating++;
        if (member.Ambassador) Ambassadors++;
        AmbassadorPeople += member.AmbassadorPeople;
        Increment(_byRegion, member.Region, 1);
        _byType[(int)member.Type]++;
        if (member.Sector is not null) Increment(_bySector, member.Sector, 1);
        _selfIdentification[SelfIdentificationCells.CellOf(member.SelfIdentification)]++;
    }

    public void Add(MemberAggregate aggregate)
    {
        Active += aggregate.Active;
        Withdrawn += aggregate.Withdrawn;
        Participating += aggregate.Participating;
        Ambassadors += aggregate.Ambassadors;
        AmbassadorPeople += aggregate.AmbassadorPeople;
        foreach (var (region, count) in aggregate.ByRegion) Increment(_byRegion, region, count);
        for (var i = 0; i < s_typeNames.Length; i++) _byType[i] += aggregate.ByType.GetValueOrDefault(s_typeNames[i]);
        foreach (var (sector, count) in aggregate.BySector) Increment(_bySector, sector, count);
        foreach (var (month, count) in aggregate.JoinedByMonth) Increment(_joinedByMonth, ParseMonth(month), count);
        for (var i = 0; i < _selfIdentification.Length; i++) _selfIdentification[i] += aggregate.SelfIdentification[i];
    }

    public IReadOnlyList<int> SelfIdentificationCounts => _selfIdentification;

    public MemberAggregate Build() => new(
        Active,
        Withdrawn,
        Participating,
        Ambassadors,
        Sorted(_byRegion),
        TypeCounts(),
        Sorted(_bySector),
        Months(),
        _selfIdentification.ToArray(),
        AmbassadorPeople);

    public MemberStatistics BuildMembers() => new(Active, Withdrawn, Sorted(_byRegion), TypeCounts(), Sorted(_bySector), Months());

    public ParticipationStatistics BuildParticipation(IReadOnlyDictionary<string, int> activitiesByKind) =>
        new(Active, Participating, Rate(Participating, Active), activitiesByKind);

    /// <summary>Rule 1, to four decimals; no active member gives 0 rather than a division by zero.</summary>
    public static decimal Rate(int participating, int active) =>
        active == 0 ? 0m : Math.Round((decimal)participating / active, 4, MidpointRounding.AwayFromZero);

    private Dictionary<string, int> TypeCounts()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < s_typeNames.Length; i++)
            if (_byType[i] > 0) counts[s_typeNames[i]] = _byType[i];
        return counts;
    }

    private Dictionary<string, int> Months()
    {
        var months = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (month, count) in _joinedByMonth.OrderBy(m => m.Key))
            months[string.Create(CultureInfo.InvariantCulture, $"{month / 100:D4}-{month % 100:D2}")] = count;
        return months;
    }

    private static int ParseMonth(string month) =>
        int.Parse(month.AsSpan(0, 4), CultureInfo.InvariantCulture) * 100 + int.Parse(month.AsSpan(5, 2), CultureInfo.InvariantCulture);

    private static Dictionary<string, int> Sorted(Dictionary<string, int> counts)
    {
        var sorted = new Dictionary<string, int>(counts.Count, StringComparer.Ordinal);
        foreach (var (key, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal)) sorted[key] = count;
        return sorted;
    }

    private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key, int by) where TKey : notnull =>
        CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _) += by;
}

/// <summary>Activities of a period: how many of each kind, and the people reached by screenings and conferences.</summary>
internal sealed class ActivityTally
{
    private static readonly ActivityKind[] s_kinds = Enum.GetValues<ActivityKind>();
    private readonly int[] _byKind = new int[s_kinds.Length];

    public int Reach => ScreeningReach + ConferenceReach;

    /// <summary>People reached by screenings (the documentary tour's public).</summary>
    public int ScreeningReach { get; private set; }

    /// <summary>Conference audiences, a different public from the screenings'.</summary>
    public int ConferenceReach { get; private set; }

    public AudienceStatistics Audiences => new(ScreeningReach, ConferenceReach);

    public void Add(ActivityKind kind, int? audience)
    {
        _byKind[(int)kind]++;
        if (kind == ActivityKind.Screening) ScreeningReach += audience ?? 0;
        else if (kind == ActivityKind.Conference) ConferenceReach += audience ?? 0;
    }

    public void Add(IReadOnlyDictionary<string, int> byKind, int reach, int screeningReach)
    {
        for (var i = 0; i < s_kinds.Length; i++) _byKind[i] += byKind.GetValueOrDefault(EnumNames.Of(s_kinds[i]));
        ScreeningReach += screeningReach;
        ConferenceReach += reach - screeningReach;
    }

    /// <summary>Every kind, zeros included, so a report shows what did not happen too.</summary>
    public IReadOnlyDictionary<string, int> ByKind()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < s_kinds.Length; i++) counts[EnumNames.Of(s_kinds[i])] = _byKind[i];
        return counts;
    }
}
