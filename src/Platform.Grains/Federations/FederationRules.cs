using System.Text.RegularExpressions;
using Platform.Abstractions;

namespace Platform.Grains.Federations;

/// <summary>
/// What a valid member, activity, sector table or programme is. Every check throws a 400 naming the
/// field, before anything is changed, so a refused request never leaves a trace.
/// </summary>
internal static partial class FederationRules
{
    public const int MaxNameLength = 200;
    public const int MaxTitleLength = 300;
    public const int MaxWorkerMembers = 100_000;
    public const int MaxAudience = 1_000_000;
    public const int MaxSectorTablesPerMember = 20;
    public const int MaxParticipantsPerCall = 5_000;
    public const int MaxMembers = 10_000;
    public const int MaxActivities = 5_000;
    public const int MaxSectorTables = 200;
    public const int MaxProgrammes = 200;

    // Registry numbers such as Quebec's NEQ (10 digits); letters and '-' for other registries.
    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegistryIdPattern();

    [GeneratedRegex("^[a-z]{2,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguagePattern();

    private static readonly DateOnly s_earliest = new(1800, 1, 1);

    public static string RequireName(string? name, string field = "name")
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed)) throw ValidationFailedException.For(field, $"'{field}' is required.");
        if (trimmed.Length > MaxNameLength) throw ValidationFailedException.For(field, $"'{field}' is limited to {MaxNameLength} characters.");
        if (trimmed.Any(char.IsControl)) throw ValidationFailedException.For(field, $"'{field}' must not contain control characters.");
        return trimmed;
    }

    public static T Require<T>(T? value, string field) where T : struct =>
        value ?? throw ValidationFailedException.For(field, $"'{field}' is required.");

    public static T RequireDefined<T>(T? value, string field) where T : struct, Enum
    {
        var given = Require(value, field);
        if (!Enum.IsDefined(given)) throw ValidationFailedException.For(field, $"'{field}' is not a known value.");
        return given;
    }

    /// <summary>Sectors are slugs (<c>microbrewery</c>, <c>communications</c>) so that statistics group them exactly.</summary>
    public static string? OptionalSector(string? sector, string field = "sector") =>
        sector is null ? null : Ids.Require(sector, field);

    public static string? OptionalRegistryId(string? registryId)
    {
        if (registryId is null) return null;
        var normalized = registryId.Trim().ToUpperInvariant();
        if (!RegistryIdPattern().IsMatch(normalized))
            throw ValidationFailedException.For("registryId", "'registryId' must be 1–32 letters, digits or '-' (e.g. a 10-digit NEQ).");
        return normalized;
    }

    public static int? OptionalWorkerMembers(int? count)
    {
        if (count is < 0 or > MaxWorkerMembers)
            throw ValidationFailedException.For("workerMembers", $"'workerMembers' must be between 0 and {MaxWorkerMembers}.");
        return count;
    }

    /// <summary>A date that is neither before 1800 nor further ahead of today than <paramref name="maxAhead"/>.</summary>
    public static DateOnly RequireDate(DateOnly? value, string field, DateOnly today, int maxAheadDays)
    {
        var date = Require(value, field);
        if (date < s_earliest) throw ValidationFailedException.For(field, $"'{field}' must not be before {s_earliest:yyyy-MM-dd}.");
        if (date > today.AddDays(maxAheadDays))
            throw ValidationFailedException.For(field, $"'{field}' must not be more than {maxAheadDays} days after today.");
        return date;
    }

    /// <summary>Kept only with consent; groups deduplicated and in a stable order.</summary>
    public static SelfIdentification? OptionalSelfIdentification(SelfIdentification? identification)
    {
        if (identification is null) return null;
        var groups = identification.Groups ?? [];
        if (groups.Any(g => !Enum.IsDefined(g)))
            throw ValidationFailedException.For("selfIdentification.groups", "'selfIdentification.groups' holds an unknown group.");
        if (!identification.Consented)
        {
            if (groups.Count > 0)
                throw ValidationFailedException.For("selfIdentification.consented", "Equity groups are kept only with the organisation's consent ('consented': true).");
            return null;
        }
        return new SelfIdentification(true, groups.Distinct().Order().ToList());
    }

    public static IReadOnlyList<string> SectorTables(IReadOnlyList<string>? tables, IReadOnlyDictionary<string, SectorTable> known)
    {
        if (tables is null) return [];
        if (tables.Count > MaxSectorTablesPerMember)
            throw ValidationFailedException.For("sectorTables", $"A member sits on at most {MaxSectorTablesPerMember} sector tables.");
        foreach (var table in tables)
        {
            Ids.Require(table, "sectorTables");
            if (!known.ContainsKey(table)) throw ValidationFailedException.For("sectorTables", $"No sector table '{table}' in this federation.");
        }
        return tables.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Checks a complete member record (import, or after a patch is applied) against today.</summary>
    public static Member Validate(Member member, DateOnly today, IReadOnlyDictionary<string, SectorTable> sectorTables)
    {
        Ids.Require(member.Id, "id");
        var joinedOn = RequireDate(member.JoinedOn, "joinedOn", today, 366);
        var foundedOn = member.FoundedOn is null ? (DateOnly?)null : RequireDate(member.FoundedOn, "foundedOn", today, 0);
        if (foundedOn > joinedOn) throw ValidationFailedException.For("foundedOn", "'foundedOn' must not be after 'joinedOn'.");
        if (!Enum.IsDefined(member.Type)) throw ValidationFailedException.For("type", "'type' is not a known value.");
        if (!Enum.IsDefined(member.Status)) throw ValidationFailedException.For("status", "'status' is not a known value.");
        DateOnly? withdrawnOn = null;
        if (member.Status == MemberStatus.Withdrawn)
        {
            withdrawnOn = RequireDate(member.WithdrawnOn, "withdrawnOn", today, 366);
            if (withdrawnOn < joinedOn) throw ValidationFailedException.For("withdrawnOn", "A member cannot withdraw before it joined.");
        }
        else if (member.WithdrawnOn is not null)
        {
            throw ValidationFailedException.For("withdrawnOn", "Only a withdrawn member has a withdrawal date.");
        }
        return member with
        {
            Name = RequireName(member.Name),
            Region = Regions.Require(member.Region, "region"),
            Sector = OptionalSector(member.Sector),
            FoundedOn = foundedOn,
            WorkerMembers = OptionalWorkerMembers(member.WorkerMembers),
            RegistryId = OptionalRegistryId(member.RegistryId),
            SelfIdentification = OptionalSelfIdentification(member.SelfIdentification),
            WithdrawnOn = withdrawnOn,
            SectorTables = SectorTables(member.SectorTables, sectorTables),
            Participations = null,
        };
    }

    public static FederationProfile Profile(FederationProfile profile)
    {
        var name = LocalizedText.Require(profile.Name, "name", MaxNameLength);
        var kind = RequireDefined(profile.Kind, "kind");
        var region = profile.Region is null ? null : Regions.Require(profile.Region, "region");
        var languages = profile.Languages ?? ["fr"];
        if (languages.Count is 0 or > 5 || languages.Any(l => l is null || !LanguagePattern().IsMatch(l)))
            throw ValidationFailedException.For("languages", "'languages' lists 1–5 language tags such as \"fr\" and \"en\".");
        return new FederationProfile(name, kind, region, languages.Distinct(StringComparer.Ordinal).ToList());
    }

    public static SectorTable SectorTable(SectorTable table) =>
        new(Ids.Require(table.Id, "id"), LocalizedText.Require(table.Name, "name", MaxNameLength), OptionalSector(table.Sector));

    public static Programme Programme(Programme programme) =>
        new(
            Ids.Require(programme.Id, "id"),
            LocalizedText.Require(programme.Name, "name", MaxNameLength),
            RequireDefined(programme.Kind, "kind"),
            programme.Summary is null ? null : LocalizedText.Require(programme.Summary, "summary"));

    public static int? OptionalAudience(int? audience)
    {
        if (audience is < 0 or > MaxAudience)
            throw ValidationFailedException.For("audience", $"'audience' must be between 0 and {MaxAudience}.");
        return audience;
    }

    public static LocalizedText Title(LocalizedText? title) => LocalizedText.Require(title, "title", MaxTitleLength);
}
