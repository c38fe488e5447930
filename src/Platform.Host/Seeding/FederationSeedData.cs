using Platform.Abstractions;

namespace Platform.Host.Seeding;

/// <summary>The shape of <c>seeds/federations/network.json</c>: fixed facts, and plans the generator turns into members and activities.</summary>
public sealed record FederationSeedData(
    string About,
    IReadOnlyDictionary<string, FederationProfile> Profiles,
    FederationProfile GroupingProfile,
    IReadOnlyList<SeedAffiliation> Affiliations,
    ReseauCoopPlan ReseauCoop,
    NationalPlan Fcct,
    GroupingsPlan Groupings,
    HousingPlan Cqch,
    SeedNames Names,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Towns,
    // Not in the file: the generator sets it from the seeding day (FederationSeedGenerator.ReportYear).
    SeedPeriod Period = null!);

/// <summary>The seeded report year: the twelve months ending on the seeding day.</summary>
public sealed record SeedPeriod(DateOnly From, DateOnly To);

public sealed record SeedAffiliation(string Parent, string Child);

/// <summary>
/// How many activities of one kind, how many participants each (<see cref="Participants"/> as a
/// range, or <see cref="ParticipantsShare"/> of the active members), and the audience of screenings
/// and conferences. Titles are [fr, en] pairs used in turn.
/// </summary>
public sealed record SeedActivityPlan(
    ActivityKind Kind,
    int Count,
    IReadOnlyList<IReadOnlyList<string>> Titles,
    IReadOnlyList<int>? Participants = null,
    IReadOnlyList<double>? ParticipantsShare = null,
    IReadOnlyList<int>? Audience = null,
    string? Programme = null);

public sealed record ReseauCoopPlan(
    int Active,
    int Withdrawn,
    int Participating,
    // Ambassadors are people: this many, spread over AmbassadorOrganisations co-ops (some have two).
    int Ambassadors,
    double SolidarityShare,
    double RegistryShare,
    double ConsentShare,
    IReadOnlyDictionary<string, int> Regions,
    IReadOnlyDictionary<string, int> Sectors,
    IReadOnlyList<SectorTable> SectorTables,
    IReadOnlyList<Programme> Programmes,
    IReadOnlyList<SeedActivityPlan> Activities,
    int AmbassadorOrganisations = 0,
    double ContactConsentShare = 0);

public sealed record NationalPlan(
    int Active,
    int SharedWithReseauCoop,
    double ParticipationShare,
    IReadOnlyDictionary<string, int> Regions,
    IReadOnlyList<Programme> Programmes,
    IReadOnlyList<SeedActivityPlan> Activities);

public sealed record GroupingsPlan(
    IReadOnlyDictionary<string, int> Sizes,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Regions,
    int SharedAcrossGroupings,
    double WithdrawnShare,
    double RegistryShare,
    double ConsentShare,
    IReadOnlyList<double> ParticipationShare,
    IReadOnlyList<SeedActivityPlan> Activities,
    IReadOnlyList<SeedActivityPlan> ConfederationActivities);

public sealed record HousingPlan(
    int Active,
    double ParticipationShare,
    IReadOnlyDictionary<string, int> Regions,
    IReadOnlyList<SeedActivityPlan> Activities);

public sealed record SeedNames(
    WorkerCoopNames WorkerCoop,
    IReadOnlyList<string> Community,
    IReadOnlyList<string> CommunitySectors,
    HousingNames Housing,
    IReadOnlyList<string> Canadian,
    IReadOnlyList<string> CanadianCores,
    PersonNames? People = null);

/// <summary>What contacts are drawn from: given and family names, and roles in an organisation (as co-ops name them, in French).</summary>
public sealed record PersonNames(IReadOnlyList<string> Given, IReadOnlyList<string> Family, IReadOnlyList<string> Roles);

public sealed record WorkerCoopNames(
    IReadOnlyList<string> Prefixes,
    IReadOnlyList<string> SolidarityPrefixes,
    IReadOnlyList<string> Brewery,
    IReadOnlyList<string> Cores,
    IReadOnlyList<string> Qualifiers);

public sealed record HousingNames(IReadOnlyList<string> Prefixes, IReadOnlyList<string> Cores, IReadOnlyList<string> Qualifiers);
