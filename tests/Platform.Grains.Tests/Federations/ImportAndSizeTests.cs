using Platform.Abstractions;
using Platform.Grains.Tests.Roles;
using static Platform.Grains.Tests.Federations.FederationWorld;

namespace Platform.Grains.Tests.Federations;

public sealed class ImportAndSizeTests
{
    // Joined by 2023 at the latest: the activities below are in 2024, and a participant must be a member on the day (rule 9).
    private static Member Full(string id, int i, DateOnly? withdrawnOn = null) => new(
        id, $"Organisme communautaire n° {i} de l'Abitibi-Témiscamingue", MemberType.CommunityOrganization,
        (1 + i % 17).ToString("D2", System.Globalization.CultureInfo.InvariantCulture), "health-social-services",
        new DateOnly(2000 + i % 24, 1 + i % 12, 1), new DateOnly(1990, 1, 1), 5 + i % 40, (1_170_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
        i % 3 == 0 ? new SelfIdentification(true, [EquityGroup.Women, EquityGroup.Youth]) : null,
        withdrawnOn is null ? MemberStatus.Active : MemberStatus.Withdrawn, withdrawnOn, i % 10 == 0, []);

    [Fact]
    public async Task ImportFillsAnEmptyFederationInAFewWrites()
    {
        var writes = new StorageFaults();
        await using var world = await CreateAsync(silo => silo.AddFlakyGrainStorage(writes));
        var federation = world.Federation("troc");
        var members = Enumerable.Range(0, 40).Select(i => Full($"org-{i:D3}", i, i == 5 ? new DateOnly(2025, 6, 1) : null)).ToList();
        var activities = new List<FederationActivity>
        {
            new("ag-2024", ActivityKind.Networking, new LocalizedText("Assemblée générale", "General assembly"), new DateOnly(2024, 6, 12), "06", 90, null,
                [.. members.Take(30).Select(m => m.Id)]),
        };

        await federation.ImportAsync(new FederationImport(
            new FederationProfile(new LocalizedText("TROC", "TROC"), FederationKind.Regional, "06", ["fr"]), members, activities, [], []));

        // One federation state and a few bundles, each written once, instead of one state per organisation.
        var stored = await world.StoredAsync("troc");
        Assert.Equal(["cooperative-bundle", "federation"], stored.Select(s => s.GrainType).Distinct().Order());
        Assert.InRange(stored.Count, 2, 1 + Abstractions.CooperativeBundles.Count);
        // The federation's own writes (the platform's disclosure key is written once on first use too).
        Assert.Equal(stored.Count, writes.Writes.Count(w => Abstractions.Storage.TenantKeys.BelongsTo(w.Split(' ')[^1], "troc")));
        var statistics = await federation.GetStatisticsAsync(new StatisticsPeriod(new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)));
        Assert.Equal(40, statistics.Participation.ActiveMembers);
        Assert.Equal(30, statistics.Participation.ParticipatingMembers);
        Assert.Equal([new Participation("ag-2024", ActivityKind.Networking, new DateOnly(2024, 6, 12))], (await federation.GetMemberAsync("org-000")).Participations);
        Assert.Equal(MemberStatus.Withdrawn, (await federation.GetMemberAsync("org-005")).Status);
    }

    [Fact]
    public async Task ImportedMemberGetsItsOwnRecordOnItsFirstChangeAndKeepsItsHistory()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("troc");
        var activity = new FederationActivity("ag", ActivityKind.Networking, new LocalizedText("AG", "AGM"), new DateOnly(2024, 6, 12), null, null, null, ["org-1"]);
        await federation.ImportAsync(new FederationImport(null, [Full("org-1", 1), Full("org-2", 2)], [activity], [], []));

        await federation.UpdateMemberAsync("org-1", new MemberPatch { Region = "03" });
        await federation.RecordParticipantsAsync("ag", ["org-2"]);
        await world.Runtime.DeactivateAllAsync();

        var first = await federation.GetMemberAsync("org-1");
        Assert.Equal("03", first.Region);
        Assert.Equal(["ag"], first.Participations!.Select(p => p.ActivityId));
        Assert.Equal(["ag"], (await federation.GetMemberAsync("org-2")).Participations!.Select(p => p.ActivityId));
        Assert.Contains(await world.StoredAsync("troc"), s => s.GrainType == "cooperative" && s.Key == "troc/org-1");
    }

    [Fact]
    public async Task ImportIntoAFederationWithDataIsAConflict()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("troc");
        await federation.AddMemberAsync(Member("m1"));

        await Assert.ThrowsAsync<ConflictException>(() => federation.ImportAsync(new FederationImport(null, [Full("org-1", 1)], [], [], [])));
        await Assert.ThrowsAsync<NotFoundException>(() => federation.GetMemberAsync("org-1"));
    }

    [Fact]
    public async Task InvalidImportStoresNothing()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("troc");
        var activity = new FederationActivity("a1", ActivityKind.Training, new LocalizedText("f", "e"), new DateOnly(2024, 1, 1), null, null, null, ["org-1", "ghost"]);

        await Assert.ThrowsAsync<ValidationFailedException>(() => federation.ImportAsync(new FederationImport(null, [Full("org-1", 1)], [activity], [], [])));
        await Assert.ThrowsAsync<ValidationFailedException>(() => federation.ImportAsync(new FederationImport(null, [Full("org-1", 1), Full("org-1", 2)], [], [], [])));
        await Assert.ThrowsAsync<ValidationFailedException>(() => federation.ImportAsync(new FederationImport(null, [Full("org-1", 1) with { Region = "zz" }], [], [], [])));

        Assert.Empty(await world.StoredAsync("troc"));
    }

    [Fact]
    public async Task FederationOfThreeThousandMembersStaysFarBelowOneMebibyte()
    {
        // The seeded confederation's ~3,000 organisations, all in one federation for the worst case,
        // with a year of activities: the state must stay well within the 1 MiB the stores accept.
        await using var world = await CreateAsync();
        var federation = world.Federation("big");
        var members = Enumerable.Range(0, 3_000).Select(i => Full($"org-{i:D4}", i)).ToList();
        var activities = Enumerable.Range(0, 100).Select(a => new FederationActivity(
            $"act-{a:D3}", (ActivityKind)(a % 7), new LocalizedText($"Activité régionale {a}", $"Regional activity {a}"), new DateOnly(2024, 1 + a % 12, 1 + a % 28),
            null, 40, null, [.. Enumerable.Range(0, 40).Select(p => $"org-{(a * 37 + p * 71) % 3_000:D4}")])).ToList();

        await federation.ImportAsync(new FederationImport(null, members, activities, [], []));

        var state = (await world.StoredAsync("big")).Single(s => s.GrainType == "federation");
        Assert.True(state.Json.Length < 700 * 1024, $"federation state is {state.Json.Length:N0} bytes");
    }
}
