using System.Globalization;
using Platform.Abstractions;

namespace Platform.Benchmarks;

/// <summary>
/// The networks the statistics benchmarks read: a generated one of 100 federations and 10,000
/// organisations (a root with 100 of its own, 99 affiliates with 100 each, 5 % of organisations in
/// two federations), and one shaped like the seeded confederation (14 groupings of 215). Built with
/// the same bulk import the seeds use, from a fixed random seed, through the grains of an
/// <see cref="InProcessSilo"/>.
/// </summary>
public static class NetworkBenchmarkWorld
{
    public const string GeneratedRoot = "bench-national";
    public const string ConfederationRoot = "bench-confederation";

    public static Task BuildGeneratedAsync(IGrainFactory grains) => BuildAsync(grains, generated: true, confederation: false);

    public static Task BuildConfederationAsync(IGrainFactory grains) => BuildAsync(grains, generated: false, confederation: true);

    /// <summary>Both networks in one silo (the affiliation registry is imported once, with both).</summary>
    public static Task BuildBothAsync(IGrainFactory grains) => BuildAsync(grains, generated: true, confederation: true);

    private static async Task BuildAsync(IGrainFactory grains, bool generated, bool confederation)
    {
        var affiliations = new List<Affiliation>();
        if (generated) affiliations.AddRange(await BuildNetworkAsync(grains, GeneratedRoot, rootMembers: 100, affiliates: 99, perAffiliate: 100, seed: 100));
        if (confederation) affiliations.AddRange(await BuildNetworkAsync(grains, ConfederationRoot, rootMembers: 0, affiliates: 14, perAffiliate: 215, seed: 14));
        // The registry's import only fills an empty registry.
        await grains.GetGrain<IAffiliationRegistryGrain>(IAffiliationRegistryGrain.Key).ImportAsync(affiliations);
    }

    private static async Task<IEnumerable<Affiliation>> BuildNetworkAsync(IGrainFactory grains, string root, int rootMembers, int affiliates, int perAffiliate, int seed)
    {
        var random = new Random(seed);
        var at = new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(1, affiliates).Select(i => $"{root}-{i:D3}").Prepend(root).ToList();
        foreach (var id in ids) await grains.GetGrain<ITenantGrain>(id).CreateAsync(TenantKind.Federation, new LocalizedText(id, id), null);

        var previous = new List<string>();
        var imports = new List<Task>();
        foreach (var id in ids)
        {
            var count = id == root ? rootMembers : perAffiliate;
            var members = new List<Member>(count);
            var current = new List<string>();
            for (var i = 0; i < count; i++)
            {
                // One organisation in twenty also belongs to the federation built just before.
                var registry = i % 20 == 0 && i / 20 < previous.Count ? previous[i / 20]
                    : random.NextDouble() < 0.9 ? "11" + random.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture) : null;
                if (i % 20 == 19 && registry is not null) current.Add(registry);
                var joinedOn = DateOnly.FromDayNumber(random.Next(new DateOnly(2000, 1, 1).DayNumber, new DateOnly(2024, 3, 31).DayNumber));
                var consented = random.NextDouble() < 0.3;
                members.Add(new Member(
                    $"org-{i:D4}", $"Organisation {i} de {id}", (MemberType)random.Next(6), random.Next(1, 18).ToString("D2", CultureInfo.InvariantCulture),
                    $"sector-{random.Next(10)}", joinedOn, null, random.Next(1, 40), registry,
                    consented ? new SelfIdentification(true, [.. Enum.GetValues<EquityGroup>().Where(_ => random.NextDouble() < 0.15)]) : null,
                    random.NextDouble() < 0.03 ? MemberStatus.Withdrawn : MemberStatus.Active,
                    null, random.NextDouble() < 0.05, []));
                if (members[^1].Status == MemberStatus.Withdrawn) members[^1] = members[^1] with { WithdrawnOn = joinedOn.AddDays(30) };
            }
            var activities = Enumerable.Range(0, count == 0 ? 2 : 10).Select(a => new FederationActivity(
                $"act-{a:D2}", (ActivityKind)(a % 7), new LocalizedText($"Activité {a}", $"Activity {a}"),
                new DateOnly(2023, 4 + a % 9, 1 + a), null, a % 7 is 3 or 5 ? 80 : null, null,
                // Drawn as before (same random sequence), then only members active on the day (rule 9: the import refuses others).
                [.. members.Where(_ => random.NextDouble() < 0.25).Where(m => ActiveOn(m, new DateOnly(2023, 4 + a % 9, 1 + a))).Select(m => m.Id)])).ToList();
            imports.Add(grains.GetGrain<IFederationGrain>(id).ImportAsync(new FederationImport(null, members, activities, [], [])));
            if (current.Count > 0) previous = current;
        }
        await Task.WhenAll(imports);
        return ids.Skip(1).Select(child => new Affiliation(root, child, AffiliationStatus.Accepted, at, at));
    }

    private static bool ActiveOn(Member member, DateOnly day) => member.JoinedOn <= day && (member.WithdrawnOn is not { } left || day < left);
}
