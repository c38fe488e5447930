using System.Globalization;
using Platform.Abstractions;

namespace Platform.Host.Seeding;

/// <summary>Everything the federation seed writes: one import per federation and the affiliations.</summary>
public sealed record FederationSeedWorld(
    IReadOnlyDictionary<string, FederationImport> Federations,
    IReadOnlyList<SeedAffiliation> Affiliations,
    IReadOnlyDictionary<string, IReadOnlyList<MemberContact>> Contacts);

/// <summary>
/// Turns <c>seeds/federations/network.json</c> into members, activities and participations. Pure and
/// deterministic: each federation draws from its own random source fixed by its id, so the same
/// file gives the same world on every machine and in any order.
/// </summary>
public static class FederationSeedGenerator
{
    private static readonly EquityGroup[] s_groups = Enum.GetValues<EquityGroup>();

    /// <summary>
    /// The report year of a world seeded on <paramref name="today"/>: the last twelve months, ending
    /// that day (the dashboard's convention), so the seeded year is always the current one.
    /// </summary>
    public static SeedPeriod ReportYear(DateOnly today) => new(today.AddYears(-1).AddDays(1), today);

    /// <param name="tenantNames">Names of the seeded tenants: a regional grouping's profile carries its tenant's name.</param>
    /// <param name="today">The seeding day: every date of the world is placed relative to it (DOMAIN.md "Seed data").</param>
    public static FederationSeedWorld Generate(FederationSeedData data, IReadOnlyDictionary<string, LocalizedText> tenantNames, DateOnly today)
    {
        data = data with { Period = ReportYear(today) };
        var registry = new RegistryNumbers();
        var federations = new Dictionary<string, FederationImport>(StringComparer.Ordinal);

        var reseau = ReseauCoop(data, registry);
        // The Réseau COOP co-ops that are also the FCCT's own members consented to be counted once
        // across the network (without it, the FCCT's network counts them twice: docs/security.md).
        var sharedWithFcct = SharedWithFcct(reseau, data).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        reseau = reseau with { Members = reseau.Members.Select(m => sharedWithFcct.Contains(m.Id) ? m with { CountOnceAcrossNetwork = true } : m).ToList() };
        federations["reseau-coop"] = reseau;
        federations["fcct"] = National(data, registry, reseau);
        foreach (var (id, import) in Groupings(data, registry, tenantNames)) federations[id] = import;
        federations["ctroc"] = Confederation(data);
        federations["cqch"] = Housing(data, registry);
        var contacts = new Dictionary<string, IReadOnlyList<MemberContact>>(StringComparer.Ordinal);
        if (data.Names.People is { } people) contacts["reseau-coop"] = Contacts(data.ReseauCoop, people, reseau.Members);
        return new FederationSeedWorld(federations.ToDictionary(f => f.Key, f => SeedParticipations.Fit(f.Value), StringComparer.Ordinal), data.Affiliations, contacts);
    }

    // ---- Réseau COOP: 125 active worker co-ops, 114 of them took part in the year (91.2 %) ----

    private static FederationImport ReseauCoop(FederationSeedData data, RegistryNumbers registry)
    {
        var plan = data.ReseauCoop;
        var random = SeedContext.RandomFor("federations/reseau-coop");
        var names = new UniqueNames();
        var period = data.Period;
        var total = plan.Active + plan.Withdrawn;
        var members = new List<Member>(total);
        for (var i = 0; i < total; i++)
        {
            var sector = Weighted(random, plan.Sectors);
            var type = random.NextDouble() < plan.SolidarityShare ? MemberType.Solidarity : MemberType.Worker;
            // New members every month of the year: the first twelve join one in each of its twelve calendar months, a few more at random.
            var joinedOn = i < 12 ? DayInMonthOfYear(random, period, i)
                : i < 16 ? Between(random, period.From, period.To)
                : Between(random, YearsBefore(period, 15), period.From.AddDays(-1));
            var withdrawn = i >= plan.Active;
            if (withdrawn) joinedOn = Between(random, YearsBefore(period, 11), YearsBefore(period, 2).AddDays(-1));
            DateOnly? withdrawnOn = !withdrawn ? null
                : i < plan.Active + 2 ? Between(random, period.From, period.To.AddDays(-30))
                : Between(random, YearsBefore(period, 2).AddMonths(5), period.From.AddDays(-1));
            members.Add(new Member(
                $"coop-{i + 1:D3}",
                names.Take(random, r => WorkerCoopName(r, data.Names.WorkerCoop, type, sector)),
                type,
                Weighted(random, plan.Regions),
                sector,
                joinedOn,
                joinedOn.AddYears(-random.Next(0, 9)).AddDays(-random.Next(0, 300)),
                random.Next(3, 26),
                random.NextDouble() < plan.RegistryShare ? registry.NewQuebec(random) : null,
                SelfIdentification(random, plan.ConsentShare, 0.5),
                withdrawn ? MemberStatus.Withdrawn : MemberStatus.Active,
                withdrawnOn,
                false,
                []));
        }

        var active = members.Where(m => m.Status == MemberStatus.Active).ToList();
        // The newest members (joined in the last two months) are the ones that have not taken part yet:
        // a participation needs an activity held after the member joined (DOMAIN rule 9).
        var settled = active.Where(m => m.JoinedOn <= period.To.AddDays(-60)).ToList();
        var participants = Shuffle(random, settled).Concat(Shuffle(random, active.Except(settled))).Take(plan.Participating).ToList();
        // Ambassadors co-hosted the documentary tour: their co-ops are among the participants.
        var ambassadorOrganisations = plan.AmbassadorOrganisations > 0 ? plan.AmbassadorOrganisations : plan.Ambassadors;
        var ambassadors = Shuffle(random, participants).Take(ambassadorOrganisations).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var tables = plan.SectorTables;
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            var onTables = tables.Where(t => t.Sector == member.Sector && (member.Sector == "microbrewery" || random.NextDouble() < 0.7)).Select(t => t.Id).ToList();
            members[i] = member with { Ambassador = ambassadors.Contains(member.Id), SectorTables = onTables };
        }

        var activities = Activities(random, plan.Activities, period, participants.Select(m => m.Id).ToList(), active.Count,
            preferred: ActivityKind.Screening, preferredMembers: [.. ambassadors.Order(StringComparer.Ordinal)], RegionsOf(members), data, JoinDates(members));
        return new FederationImport(data.Profiles["reseau-coop"], members, activities, tables, plan.Programmes);
    }

    /// <summary>
    /// The people of Réseau COOP's co-ops: one or two contacts per active co-op (most consented to be
    /// contacted), and the ambassadors — <see cref="ReseauCoopPlan.Ambassadors"/> people, one in each
    /// ambassador co-op and a second one in the first few. Drawn from a random source of their own, so
    /// the organisations and activities do not change with them.
    /// </summary>
    private static List<MemberContact> Contacts(ReseauCoopPlan plan, PersonNames names, IReadOnlyList<Member> members)
    {
        var random = SeedContext.RandomFor("contacts/reseau-coop");
        var contacts = new List<MemberContact>();
        var ambassadorCoops = members.Where(m => m.Ambassador).Select(m => m.Id).Order(StringComparer.Ordinal).ToList();
        var seconds = Math.Max(0, plan.Ambassadors - ambassadorCoops.Count);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in members.Where(m => m.Status == MemberStatus.Active))
        {
            var ambassadorIndex = ambassadorCoops.IndexOf(member.Id);
            var count = ambassadorIndex >= 0 && ambassadorIndex < seconds ? 2 : random.NextDouble() < 0.3 ? 2 : 1;
            for (var n = 0; n < count; n++)
            {
                string given, family;
                do (given, family) = (Pick(random, names.Given), Pick(random, names.Family));
                while (!used.Add($"{member.Id}/{given} {family}"));
                var ambassador = ambassadorIndex >= 0 && (n == 0 || ambassadorIndex < seconds);
                var english = random.NextDouble() < 0.08;
                contacts.Add(new MemberContact(
                    $"c{n + 1}",
                    member.Id,
                    $"{given} {family}",
                    n == 0 ? names.Roles[random.Next(2)] : Pick(random, names.Roles),
                    $"{ConsortiumSeed.Slug(given)}.{ConsortiumSeed.Slug(family)}@{member.Id}.example".Replace('-', '.'),
                    $"{Pick(random, s_areaCodes)} 555-01{random.Next(0, 100):D2}",
                    english ? "en" : "fr",
                    // Ambassadors agreed to be reached: they are the network's relays.
                    ambassador || random.NextDouble() < plan.ContactConsentShare,
                    ambassador));
            }
        }
        return contacts;
    }

    private static readonly string[] s_areaCodes = ["514", "418", "819", "450", "438", "581"];

    // ---- FCCT: members across Canada, three of them Réseau COOP members too (same registry number) ----

    private static IEnumerable<Member> SharedWithFcct(FederationImport reseau, FederationSeedData data) =>
        reseau.Members.Where(m => m.Status == MemberStatus.Active && m.RegistryId is not null).Take(data.Fcct.SharedWithReseauCoop);

    private static FederationImport National(FederationSeedData data, RegistryNumbers registry, FederationImport reseau)
    {
        var plan = data.Fcct;
        var random = SeedContext.RandomFor("federations/fcct");
        var names = new UniqueNames();
        var members = new List<Member>();
        var own = plan.Active - plan.SharedWithReseauCoop;
        for (var i = 0; i < own; i++)
        {
            var province = Weighted(random, plan.Regions);
            var joinedOn = Between(random, YearsBefore(data.Period, 13), data.Period.To);
            members.Add(new Member(
                $"fcct-m{i + 1:D2}",
                names.Take(random, r => $"{Pick(r, data.Names.CanadianCores)} {Pick(r, data.Names.Canadian)}"),
                MemberType.Worker, province, null, joinedOn, joinedOn.AddYears(-random.Next(0, 6)), random.Next(3, 30),
                random.NextDouble() < 0.7 ? registry.NewProvincial(random, province) : null,
                SelfIdentification(random, 0.35, 0.4), MemberStatus.Active, null, false, []));
        }
        var shared = SharedWithFcct(reseau, data);
        var n = own;
        foreach (var member in shared)
        {
            var joinedOn = Max(member.JoinedOn, Between(random, YearsBefore(data.Period, 7), data.Period.To));
            members.Add(member with
            {
                Id = $"fcct-m{++n:D2}", JoinedOn = joinedOn, Ambassador = false, SectorTables = [], Participations = null,
                FoundedOn = Min(member.FoundedOn ?? joinedOn, joinedOn),
            });
        }

        var participants = Shuffle(random, members).Take((int)Math.Round(plan.ParticipationShare * members.Count)).Select(m => m.Id).ToList();
        var activities = Activities(random, plan.Activities, data.Period, participants, members.Count, null, [], RegionsOf(members), data, JoinDates(members));
        return new FederationImport(data.Profiles["fcct"], members, activities, [], plan.Programmes);
    }

    // ---- CTROC's 14 regional groupings: ~3,000 community organisations, some in two groupings ----

    private static IEnumerable<KeyValuePair<string, FederationImport>> Groupings(FederationSeedData data, RegistryNumbers registry, IReadOnlyDictionary<string, LocalizedText> tenantNames)
    {
        var plan = data.Groupings;
        var rosters = new SortedDictionary<string, List<Member>>(StringComparer.Ordinal);
        var randoms = new Dictionary<string, Random>(StringComparer.Ordinal);
        var names = data.Names;
        foreach (var (id, size) in plan.Sizes.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var random = randoms[id] = SeedContext.RandomFor($"federations/{id}");
            var unique = new UniqueNames();
            var regions = plan.Regions[id];
            var members = rosters[id] = new List<Member>(size + plan.SharedAcrossGroupings);
            for (var i = 0; i < size; i++)
            {
                var region = regions.Count == 1 || random.NextDouble() < 0.7 ? regions[0] : regions[random.Next(1, regions.Count)];
                var template = random.Next(names.Community.Count);
                var town = Pick(random, data.Towns[region]);
                var name = unique.Take(random, r => CommunityName(r, names.Community[template], Pick(r, data.Towns[region])), InTown(names.Community[template], town));
                var joinedOn = Between(random, YearsBefore(data.Period, 38), data.Period.To);
                var withdrawn = random.NextDouble() < plan.WithdrawnShare;
                members.Add(new Member(
                    $"org-{i + 1:D4}", name, MemberType.CommunityOrganization, region, names.CommunitySectors[template], joinedOn,
                    joinedOn.AddYears(-random.Next(0, 15)), null,
                    random.NextDouble() < plan.RegistryShare ? registry.NewQuebec(random) : null,
                    SelfIdentification(random, plan.ConsentShare, 0.45),
                    withdrawn ? MemberStatus.Withdrawn : MemberStatus.Active,
                    withdrawn ? Between(random, Max(joinedOn, YearsBefore(data.Period, 4)), data.Period.To) : null,
                    false, []));
            }
        }

        // Some organisations belong to two groupings (they work across a regional border): same registry number, counted once upward.
        var sharing = SeedContext.RandomFor("federations/ctroc-shared");
        var ids = rosters.Keys.ToList();
        for (var k = 0; k < plan.SharedAcrossGroupings; k++)
        {
            var from = ids[sharing.Next(ids.Count)];
            var to = ids[(ids.IndexOf(from) + 1 + sharing.Next(ids.Count - 1)) % ids.Count];
            var candidates = rosters[from].Where(m => m.RegistryId is not null && m.Status == MemberStatus.Active).ToList();
            var original = candidates[sharing.Next(candidates.Count)];
            if (rosters[to].Any(m => m.RegistryId == original.RegistryId)) continue;
            rosters[to].Add(original with { Id = $"org-{rosters[to].Count + 1:D4}", JoinedOn = Max(original.JoinedOn, YearsBefore(data.Period, 8)) });
        }

        foreach (var (id, members) in rosters)
        {
            var random = randoms[id];
            var active = members.Where(m => m.Status == MemberStatus.Active).ToList();
            var share = plan.ParticipationShare[0] + random.NextDouble() * (plan.ParticipationShare[1] - plan.ParticipationShare[0]);
            var participants = Shuffle(random, active).Take((int)Math.Round(share * active.Count)).Select(m => m.Id).ToList();
            // A grouping's peer meetings and screenings happen in its own region(s), even though a few of its
            // organisations (those it shares with a neighbour) are registered in another one.
            var activities = Activities(random, plan.Activities, data.Period, participants, active.Count, null, [], plan.Regions[id], data, JoinDates(members));
            var profile = data.GroupingProfile with { Name = tenantNames[id], Region = plan.Regions[id][0] };
            yield return new(id, new FederationImport(profile, members, activities, [], []));
        }
    }

    private static FederationImport Confederation(FederationSeedData data)
    {
        var random = SeedContext.RandomFor("federations/ctroc");
        var activities = Activities(random, data.Groupings.ConfederationActivities, data.Period, [], 0, null, [], ["QC"], data, new Dictionary<string, DateOnly>());
        return new FederationImport(data.Profiles["ctroc"], [], activities, [], []);
    }

    // ---- CQCH: housing co-ops (the consortium's client) ----

    private static FederationImport Housing(FederationSeedData data, RegistryNumbers registry)
    {
        var plan = data.Cqch;
        var random = SeedContext.RandomFor("federations/cqch");
        var names = new UniqueNames();
        var housing = data.Names.Housing;
        var members = new List<Member>();
        for (var i = 0; i < plan.Active; i++)
        {
            var joinedOn = Between(random, YearsBefore(data.Period, 36), data.Period.To);
            members.Add(new Member(
                $"hab-{i + 1:D3}",
                names.Take(random, r => $"{Pick(r, housing.Prefixes)} {Pick(r, housing.Cores)} {Pick(r, housing.Qualifiers)}"),
                MemberType.Housing, Weighted(random, plan.Regions), "housing", joinedOn, joinedOn.AddYears(-random.Next(0, 10)), null,
                random.NextDouble() < 0.9 ? registry.NewQuebec(random) : null, null, MemberStatus.Active, null, false, []));
        }
        var participants = Shuffle(random, members).Take((int)Math.Round(plan.ParticipationShare * members.Count)).Select(m => m.Id).ToList();
        var activities = Activities(random, plan.Activities, data.Period, participants, members.Count, null, [], RegionsOf(members), data, JoinDates(members));
        return new FederationImport(data.Profiles["cqch"], members, activities, [], []);
    }

    // ---- Activities and participation ----

    /// <summary>
    /// Activities of a year, with participants drawn only from <paramref name="participants"/>; every
    /// one of them takes part at least once, so the year's participation rate is exactly
    /// participants ÷ active members. The preferred kind draws from its own members first (the
    /// ambassadors at screenings).
    /// </summary>
    private static List<FederationActivity> Activities(
        Random random, IReadOnlyList<SeedActivityPlan> plans, SeedPeriod period, IReadOnlyList<string> participants, int activeCount,
        ActivityKind? preferred, IReadOnlyList<string> preferredMembers, IReadOnlyList<string> regions, FederationSeedData data,
        IReadOnlyDictionary<string, DateOnly> joinedOn)
    {
        var activities = new List<FederationActivity>();
        var reached = new HashSet<string>(StringComparer.Ordinal);
        foreach (var plan in plans)
        {
            for (var n = 0; n < plan.Count; n++)
            {
                var title = plan.Titles[n % plan.Titles.Count];
                var region = plan.Kind is ActivityKind.PeerMeeting or ActivityKind.Screening ? Pick(random, regions) : null;
                var suffix = region is null || !Regions.IsQuebecRegion(region) ? "" : $" — {Pick(random, data.Towns[region])}";
                var count = ParticipantCount(random, plan, activeCount, participants.Count);
                var pool = plan.Kind == preferred && preferredMembers.Count > 0 ? preferredMembers : participants;
                var on = Between(random, period.From, period.To);
                // Only members that had joined by the day of the activity take part in it (DOMAIN rule 9).
                var chosen = Shuffle(random, pool).Where(m => joinedOn[m] <= on).Take(count).ToList();
                reached.UnionWith(chosen);
                activities.Add(new FederationActivity(
                    $"{EnumNames.Of(plan.Kind)}-{n + 1:D2}",
                    plan.Kind,
                    new LocalizedText(title[0] + suffix, title[1] + suffix),
                    on,
                    region,
                    plan.Audience is { Count: 2 } audience ? random.Next(audience[0], audience[1] + 1) : null,
                    plan.Programme,
                    chosen));
            }
        }

        // Whoever was chosen to take part but was not drawn for any activity joins a training or a gathering.
        var open = Enumerable.Range(0, activities.Count)
            .Where(i => activities[i].Kind is ActivityKind.Training or ActivityKind.Networking or ActivityKind.PeerMeeting).ToList();
        if (open.Count == 0) return activities;
        foreach (var member in participants.Where(p => !reached.Contains(p)))
        {
            // One held after the member joined: a training or gathering if any, else any activity.
            var after = open.Where(i => activities[i].On >= joinedOn[member]).ToList();
            if (after.Count == 0) after = Enumerable.Range(0, activities.Count).Where(i => activities[i].On >= joinedOn[member]).ToList();
            if (after.Count == 0) continue;
            var index = after[random.Next(after.Count)];
            activities[index] = activities[index] with { Participants = [.. activities[index].Participants, member] };
        }
        return activities;
    }

    private static int ParticipantCount(Random random, SeedActivityPlan plan, int activeCount, int available)
    {
        int count;
        if (plan.ParticipantsShare is { Count: 2 } share)
            count = (int)Math.Round(activeCount * (share[0] + random.NextDouble() * (share[1] - share[0])));
        else if (plan.Participants is { Count: 2 } range)
            count = random.Next(range[0], range[1] + 1);
        else
            count = 0;
        return Math.Min(count, available);
    }

    // ---- Names, numbers, identities ----

    private static string WorkerCoopName(Random random, WorkerCoopNames names, MemberType type, string sector)
    {
        var core = Pick(random, names.Cores);
        if (sector == "microbrewery") return $"{Pick(random, names.Brewery)} {core}";
        var prefix = type == MemberType.Solidarity ? Pick(random, names.SolidarityPrefixes) : Pick(random, names.Prefixes);
        var qualifier = random.NextDouble() < 0.6 ? " " + Pick(random, names.Qualifiers) : "";
        return $"{prefix} {core}{qualifier}";
    }

    private static readonly string[] s_sectorsOfTown = ["secteur Est", "secteur Ouest", "secteur Nord", "secteur Sud", "secteur Centre", "point de service 2"];

    private static string CommunityName(Random random, string template, string town) =>
        $"{InTown(template, town)} — {Pick(random, s_sectorsOfTown)}";

    /// <summary>Fills a "… de {town}" template with French elision: "de Anjou" reads "d'Anjou".</summary>
    private static string InTown(string template, string town) =>
        "AEIOUYÉÈÊÎÔ".Contains(char.ToUpperInvariant(town[0]), StringComparison.Ordinal)
            ? template.Replace("de {town}", $"d'{town}", StringComparison.Ordinal).Replace("{town}", town, StringComparison.Ordinal)
            : template.Replace("{town}", town, StringComparison.Ordinal);

    /// <summary>Consent given by a share of organisations; among them, groups drawn with weights (some never, some often).</summary>
    private static SelfIdentification? SelfIdentification(Random random, double consentShare, double womenShare)
    {
        if (random.NextDouble() >= consentShare) return null;
        double[] shares = [womenShare, 0.04, 0.05, 0.14, 0.08, 0.07, 0.1, 0.18];
        var groups = s_groups.Where((_, i) => random.NextDouble() < shares[i]).ToList();
        return new SelfIdentification(true, groups);
    }

    /// <summary>Registry numbers, unique across the whole world unless deliberately shared.</summary>
    private sealed class RegistryNumbers
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        // Quebec's NEQ: ten digits; these start with 11 like those of most legal persons.
        public string NewQuebec(Random random) => Unique(() => "11" + random.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture));

        public string NewProvincial(Random random, string province) =>
            Unique(() => $"{province}-{random.Next(1_000_000, 10_000_000).ToString(CultureInfo.InvariantCulture)}");

        private string Unique(Func<string> draw)
        {
            while (true)
            {
                var candidate = draw();
                if (_used.Add(candidate)) return candidate;
            }
        }
    }

    private sealed class UniqueNames
    {
        private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

        /// <summary>A name not used yet in this federation: the first choice if free, else new draws.</summary>
        public string Take(Random random, Func<Random, string> draw, string? first = null)
        {
            if (first is not null && _taken.Add(first)) return first;
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var name = draw(random);
                if (_taken.Add(name)) return name;
            }
            var fallback = $"{draw(random)} ({_taken.Count + 1})";
            _taken.Add(fallback);
            return fallback;
        }
    }

    private static Dictionary<string, DateOnly> JoinDates(IEnumerable<Member> members) =>
        members.ToDictionary(m => m.Id, m => m.JoinedOn, StringComparer.Ordinal);

    private static IReadOnlyList<string> RegionsOf(IEnumerable<Member> members)
    {
        var regions = members.Where(m => m.Status == MemberStatus.Active).Select(m => m.Region).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return regions.Count > 0 ? regions : ["QC"];
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Weighted(Random random, IReadOnlyDictionary<string, int> weights)
    {
        var ordered = weights.OrderBy(w => w.Key, StringComparer.Ordinal).ToList();
        var roll = random.Next(ordered.Sum(w => w.Value));
        foreach (var (key, weight) in ordered)
        {
            if (roll < weight) return key;
            roll -= weight;
        }
        return ordered[^1].Key;
    }

    private static List<T> Shuffle<T>(Random random, IEnumerable<T> items)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    private static DateOnly Between(Random random, DateOnly from, DateOnly to) =>
        to <= from ? from : DateOnly.FromDayNumber(random.Next(from.DayNumber, to.DayNumber + 1));

    /// <summary>A day of the <paramref name="k"/>-th of the twelve calendar months ending with the report year's last, within the year.</summary>
    private static DateOnly DayInMonthOfYear(Random random, SeedPeriod period, int k)
    {
        var first = new DateOnly(period.To.Year, period.To.Month, 1).AddMonths(k - 11);
        return Between(random, Max(first, period.From), Min(first.AddMonths(1).AddDays(-1), period.To));
    }

    /// <summary>1 January, <paramref name="years"/> years before the report year's start: history that moves with the seeding day.</summary>
    private static DateOnly YearsBefore(SeedPeriod period, int years) => new(period.From.Year - years, 1, 1);

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
