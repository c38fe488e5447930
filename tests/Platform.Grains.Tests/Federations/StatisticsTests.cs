using Platform.Abstractions;
using static Platform.Grains.Tests.Federations.FederationWorld;

namespace Platform.Grains.Tests.Federations;

public sealed class StatisticsTests
{
    private static readonly StatisticsPeriod Year2024 = new(new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31));

    private static async Task<IFederationGrain> SmallFederationAsync(FederationWorld world)
    {
        var federation = world.Federation("reseau");
        await federation.SetSectorTableAsync(new SectorTable("microbrasseries", new LocalizedText("Table des microbrasseries", "Microbreweries table"), "microbrewery"));
        await federation.SetSectorTableAsync(new SectorTable("communications", new LocalizedText("Table des communications", "Communications table"), "communications"));
        await federation.AddMemberAsync(Member("m1", region: "06", sector: "microbrewery", joinedOn: new DateOnly(2019, 4, 1), ambassador: true) with { SectorTables = ["microbrasseries"] });
        await federation.AddMemberAsync(Member("m2", region: "06", sector: "communications", joinedOn: new DateOnly(2024, 2, 10)) with { SectorTables = ["communications"] });
        await federation.AddMemberAsync(Member("m3", region: "03", type: MemberType.Solidarity, sector: "microbrewery", joinedOn: new DateOnly(2024, 2, 20), ambassador: true) with { SectorTables = ["microbrasseries"] });
        await federation.AddMemberAsync(Member("m4", region: "05", joinedOn: new DateOnly(2024, 7, 1)));
        await federation.AddMemberAsync(Member("m5", region: "05", joinedOn: new DateOnly(2025, 3, 1)));
        await federation.AddMemberAsync(Member("m6", region: "01", joinedOn: new DateOnly(2018, 3, 1), ambassador: true));
        await federation.WithdrawMemberAsync("m6", new DateOnly(2024, 10, 1));
        await federation.AddActivityAsync(FederationActivity("t1", ActivityKind.Training, new DateOnly(2024, 3, 1)));
        await federation.AddActivityAsync(FederationActivity("s1", ActivityKind.Screening, new DateOnly(2024, 4, 1), audience: 120));
        await federation.AddActivityAsync(FederationActivity("s2", ActivityKind.Screening, new DateOnly(2024, 5, 1), audience: 80));
        await federation.AddActivityAsync(FederationActivity("c1", ActivityKind.Conference, new DateOnly(2024, 6, 1), audience: 300));
        // Audience of other kinds is not reach.
        await federation.AddActivityAsync(FederationActivity("n1", ActivityKind.Networking, new DateOnly(2024, 6, 2), audience: 999));
        await federation.AddActivityAsync(FederationActivity("s3", ActivityKind.Screening, new DateOnly(2025, 4, 1), audience: 500));
        return federation;
    }

    [Fact]
    public async Task MembersAreCountedAsOfTheEndOfThePeriodAndBrokenDownWhenActive()
    {
        await using var world = await CreateAsync();
        var federation = await SmallFederationAsync(world);

        var members = (await federation.GetStatisticsAsync(Year2024)).Members;

        // m5 joined after the period; m6 withdrew within it.
        Assert.Equal(4, members.Active);
        Assert.Equal(1, members.Withdrawn);
        Assert.Equal(new Dictionary<string, int> { ["03"] = 1, ["05"] = 1, ["06"] = 2 }, members.ByRegion);
        Assert.Equal(new Dictionary<string, int> { ["solidarity"] = 1, ["worker"] = 3 }, members.ByType);
        Assert.Equal(new Dictionary<string, int> { ["communications"] = 1, ["microbrewery"] = 2 }, members.BySector);
        Assert.Equal(new Dictionary<string, int> { ["2024-02"] = 2, ["2024-07"] = 1 }, members.JoinedByMonth);
    }

    [Fact]
    public async Task ActivitiesReachAmbassadorsAndSectorTablesFollowThePeriod()
    {
        await using var world = await CreateAsync();
        var federation = await SmallFederationAsync(world);

        var statistics = await federation.GetStatisticsAsync(Year2024);

        Assert.Equal(1, statistics.Participation.ActivitiesByKind["training"]);
        Assert.Equal(2, statistics.Participation.ActivitiesByKind["screening"]);
        Assert.Equal(1, statistics.Participation.ActivitiesByKind["conference"]);
        Assert.Equal(0, statistics.Participation.ActivitiesByKind["pathway"]);
        Assert.Equal(500, statistics.Reach);
        // m6 was an ambassador but withdrew.
        Assert.Equal(2, statistics.Ambassadors);
        Assert.Equal(new Dictionary<string, int> { ["communications"] = 1, ["microbrasseries"] = 2 }, statistics.SectorTables);
    }

    [Fact]
    public async Task AllTimeCountsEveryMemberAndActivity()
    {
        await using var world = await CreateAsync();
        var federation = await SmallFederationAsync(world);

        var statistics = await federation.GetStatisticsAsync(StatisticsPeriod.AllTime);

        Assert.Equal(5, statistics.Members.Active);
        Assert.Equal(1, statistics.Members.Withdrawn);
        Assert.Equal(6, statistics.Members.JoinedByMonth.Values.Sum());
        Assert.Equal(1000, statistics.Reach);
    }

    [Fact]
    public async Task MemberWithdrawnAfterThePeriodWasActiveInIt()
    {
        await using var world = await CreateAsync();
        var federation = await SmallFederationAsync(world);

        var members = (await federation.GetStatisticsAsync(new StatisticsPeriod(null, new DateOnly(2024, 9, 30)))).Members;

        // m6 withdrew on 2024-10-01, after this period's end: still active in it.
        Assert.Equal(5, members.Active);
        Assert.Equal(0, members.Withdrawn);
    }

    [Fact]
    public async Task OwnSelfIdentificationBreakdownIsExact()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("m1", selfIdentification: new SelfIdentification(true, [EquityGroup.Women])));
        await federation.AddMemberAsync(Member("m2", selfIdentification: new SelfIdentification(true, [EquityGroup.Women, EquityGroup.Youth])));
        await federation.AddMemberAsync(Member("m3", selfIdentification: new SelfIdentification(true, [])));
        await federation.AddMemberAsync(Member("m4"));

        var cells = (await federation.GetStatisticsAsync(StatisticsPeriod.AllTime)).SelfIdentification;

        Assert.Equal(1, cells["women"]);
        Assert.Equal(1, cells["multiple"]);
        Assert.Equal(1, cells["none"]);
        Assert.Equal(1, cells["not-provided"]);
        Assert.Equal(0, cells["indigenous"]);
        Assert.Equal(4, cells.Values.Sum());
    }

    [Fact]
    public async Task StatisticsFollowEveryWrite()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("m1"));
        Assert.Equal(1, (await federation.GetStatisticsAsync(StatisticsPeriod.AllTime)).Members.Active);

        await federation.AddMemberAsync(Member("m2"));
        Assert.Equal(2, (await federation.GetStatisticsAsync(StatisticsPeriod.AllTime)).Members.Active);

        await federation.UpdateMemberAsync("m2", new MemberPatch { Region = "03" });
        Assert.Equal(1, (await federation.GetStatisticsAsync(StatisticsPeriod.AllTime)).Members.ByRegion["03"]);

        await federation.WithdrawMemberAsync("m1", new DateOnly(2025, 1, 1));
        Assert.Equal(1, (await federation.GetStatisticsAsync(StatisticsPeriod.AllTime)).Members.Active);
    }

    [Fact]
    public async Task ReversedPeriodIsRefused()
    {
        await using var world = await CreateAsync();
        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            world.Federation("reseau").GetStatisticsAsync(new StatisticsPeriod(new DateOnly(2025, 1, 1), new DateOnly(2024, 1, 1))));
    }

    [Fact]
    public async Task SectorTablesAndProgrammesAreValidatedAndListed()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");

        await federation.SetProgrammeAsync(new Programme("parcours-coop", new LocalizedText("Parcours COOP", "COOP Pathway"), ProgrammeKind.Pathway, null));
        await federation.SetSectorTableAsync(new SectorTable("communications", new LocalizedText("Communications", "Communications"), null));
        await Assert.ThrowsAsync<ValidationFailedException>(() => federation.SetProgrammeAsync(new Programme("x", new LocalizedText("a", "b"), null, null)));
        await Assert.ThrowsAsync<ValidationFailedException>(() => federation.SetSectorTableAsync(new SectorTable("../x", new LocalizedText("a", "b"), null)));
        await Assert.ThrowsAsync<ValidationFailedException>(() => federation.SetSectorTableAsync(new SectorTable("x", null, null)));

        Assert.Equal(["parcours-coop"], (await federation.ListProgrammesAsync()).Select(p => p.Id));
        Assert.Equal(["communications"], (await federation.ListSectorTablesAsync()).Select(t => t.Id));
        var pathway = await federation.AddActivityAsync(new NewActivity("p1", ActivityKind.Pathway, new LocalizedText("Cohorte", "Cohort"), new DateOnly(2024, 9, 1), ProgrammeId: "parcours-coop"));
        Assert.Equal("parcours-coop", pathway.ProgrammeId);
    }

    [Fact]
    public async Task ProfileIsValidatedAndKept()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");

        await Assert.ThrowsAsync<ValidationFailedException>(() => federation.SetProfileAsync(new FederationProfile(new LocalizedText("R", "R"), null, null, null)));
        await Assert.ThrowsAsync<ValidationFailedException>(() => federation.SetProfileAsync(new FederationProfile(new LocalizedText("R", "R"), FederationKind.Provincial, null, ["français"])));
        var profile = await federation.SetProfileAsync(new FederationProfile(new LocalizedText("Réseau COOP", "COOP Network"), FederationKind.Provincial, "qc", null));

        Assert.Equal("QC", profile.Region);
        Assert.Equal(["fr"], profile.Languages);
        MemberTests.AssertSame(profile, await federation.GetProfileAsync());
    }
}
