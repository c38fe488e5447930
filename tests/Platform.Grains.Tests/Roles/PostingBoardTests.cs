using Platform.Abstractions;
using Platform.Abstractions.Roles;
using Platform.Grains.Roles;
using Platform.Testing;
using static Platform.Grains.Tests.Roles.RoleFixtures;

namespace Platform.Grains.Tests.Roles;

public sealed class PostingBoardTests
{
    private static RolePosting Open(DateOnly? applyBy, string? region = null) =>
        new(PostingStatus.Open, applyBy, null, null, Text("Écrire à l'équipe.", "Write to the team."), region);

    private static async Task CreateTenantAsync(PlatformTestCluster runtime, string id, string fr, string en, string? region)
    {
        await runtime.Grains.GetGrain<ITenantDirectoryGrain>(GrainKeys.Directory).RegisterAsync(new TenantSummary(id, TenantKind.Organization, Text(fr, en)));
        await runtime.Grains.GetGrain<ITenantGrain>(id).CreateAsync(TenantKind.Organization, Text(fr, en), region);
    }

    /// <summary>The board shows tenants that exist: every test's tenants are created first.</summary>
    private static async Task<PlatformTestCluster> WithTenantsAsync(ManualTimeProvider? clock = null, StorageFaults? storage = null)
    {
        var runtime = await CreateAsync(storage, clock);
        await CreateTenantAsync(runtime, "ctroc", "CTROC", "CTROC", "QC");
        await CreateTenantAsync(runtime, "fcct", "FCCT", "CWCF", "CA");
        return runtime;
    }

    [Fact]
    public async Task OpenPostingIsListedBilingualWithItsOrganisationAndHourlyEquivalent()
    {
        await using var runtime = await WithTenantsAsync();
        await CreateTenantAsync(runtime, "exeko", "Exeko", "Exeko", "06");
        await runtime.Role("exeko", "pratiques").PutAsync(
            Titled("Responsable du développement des pratiques", "Practice development lead") with
            {
                Conditions = Yearly(45_000m, 60_000m, 32),
                Posting = Open(new DateOnly(2026, 2, 24)),
            });

        var posting = Assert.Single(await runtime.Board().ListAsync(new PostingQuery()));

        Assert.Equal(("exeko", "pratiques", "06"), (posting.TenantId, posting.RoleId, posting.Region));
        Assert.Equal("Exeko", posting.Organization!.Fr);
        Assert.Equal("Practice development lead", posting.Title.En);
        Assert.Equal("Responsable du développement des pratiques", posting.Title.Fr);
        Assert.Equal((27.04m, 36.06m), (posting.HourlyMin, posting.HourlyMax));
        Assert.Equal(SalaryPeriod.Year, posting.Salary!.Per);
        Assert.Equal("Write to the team.", posting.HowToApply!.En);
    }

    [Fact]
    public async Task DraftAndClosedPostingsAreNotListed()
    {
        await using var runtime = await WithTenantsAsync();
        await runtime.Role("ctroc", "brouillon").PutAsync(Titled("Brouillon", "Draft") with { Posting = Open(null) with { Status = PostingStatus.Draft } });
        await runtime.Role("ctroc", "ferme").PutAsync(Titled("Fermé", "Closed") with { Posting = Open(null) with { Status = PostingStatus.Closed } });
        await runtime.Role("ctroc", "sans-affichage").PutAsync(Titled("Sans affichage", "No posting"));
        Assert.Empty(await runtime.Board().ListAsync(new PostingQuery()));
    }

    [Fact]
    public async Task PostingIsListedThroughItsApplyByDayInQuebecAndGoneAfter()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 2, 20, 12, 0, 0, TimeSpan.Zero));
        await using var runtime = await WithTenantsAsync(clock);
        await runtime.Role("ctroc", "coordination").PutAsync(Coordination() with { Posting = Open(new DateOnly(2026, 2, 24)) });

        Assert.Single(await runtime.Board().ListAsync(new PostingQuery()));
        // 23:59 on the 24th in Montreal (UTC−5) is 04:59 UTC on the 25th: still listed.
        clock.SetUtcNow(new DateTimeOffset(2026, 2, 25, 4, 59, 0, TimeSpan.Zero));
        Assert.Single(await runtime.Board().ListAsync(new PostingQuery()));
        // Midnight in Montreal: the apply-by day is over.
        clock.SetUtcNow(new DateTimeOffset(2026, 2, 25, 5, 0, 0, TimeSpan.Zero));
        Assert.Empty(await runtime.Board().ListAsync(new PostingQuery()));
        // The role itself still shows its (now past) posting.
        Assert.Equal(PostingStatus.Open, (await runtime.Role("ctroc", "coordination").GetAsync())!.Posting!.Status);
    }

    [Fact]
    public async Task PostingWithoutApplyByStaysUntilClosed()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 2, 20, 12, 0, 0, TimeSpan.Zero));
        await using var runtime = await WithTenantsAsync(clock);
        await runtime.Role("ctroc", "coordination").PutAsync(Coordination() with { Posting = Open(null) });
        clock.Advance(TimeSpan.FromDays(400));
        Assert.Single(await runtime.Board().ListAsync(new PostingQuery()));

        await runtime.Role("ctroc", "coordination").PutAsync(Coordination() with { Posting = Open(null) with { Status = PostingStatus.Closed } });
        Assert.Empty(await runtime.Board().ListAsync(new PostingQuery()));
    }

    [Fact]
    public async Task PostingsOfEveryTenantAreListedSoonestDeadlineFirst()
    {
        await using var runtime = await WithTenantsAsync();
        await CreateTenantAsync(runtime, "exeko", "Exeko", "Exeko", null);
        await runtime.Role("exeko", "pratiques").PutAsync(Titled("Pratiques", "Practice") with { Posting = Open(new DateOnly(2026, 6, 30)) });
        await runtime.Role("ctroc", "coordination").PutAsync(Coordination() with { Posting = Open(new DateOnly(2026, 2, 24)) });
        await runtime.Role("fcct", "codirection").PutAsync(Titled("Codirection", "Co-director") with { Posting = Open(null) });

        var listed = await runtime.Board().ListAsync(new PostingQuery());

        Assert.Equal(["ctroc", "exeko", "fcct"], listed.Select(p => p.TenantId));
    }

    [Fact]
    public async Task RegionFilterMatchesThePostingOrElseTheTenantRegionIgnoringCase()
    {
        await using var runtime = await WithTenantsAsync();
        await CreateTenantAsync(runtime, "exeko", "Exeko", "Exeko", "Montréal");
        await runtime.Role("exeko", "pratiques").PutAsync(Titled("Pratiques", "Practice") with { Posting = Open(null) });
        await runtime.Role("ctroc", "coordination").PutAsync(Coordination() with { Posting = Open(null, region: "Estrie") });

        Assert.Equal("exeko", Assert.Single(await runtime.Board().ListAsync(new PostingQuery(Region: "montréal"))).TenantId);
        Assert.Equal("ctroc", Assert.Single(await runtime.Board().ListAsync(new PostingQuery(Region: "Estrie"))).TenantId);
        Assert.Empty(await runtime.Board().ListAsync(new PostingQuery(Region: "Gaspésie")));
    }

    [Fact]
    public async Task MinimumPayKeepsPostingsWhoseHourlyRangeReachesIt()
    {
        await using var runtime = await WithTenantsAsync();
        await runtime.Role("ctroc", "coordination").PutAsync(Coordination() with { Posting = Open(null) });                 // 30.67–36.55 $/h
        await CreateTenantAsync(runtime, "exeko", "Exeko", "Exeko", null);
        await runtime.Role("exeko", "pratiques").PutAsync(Titled("Pratiques", "Practice") with
        {
            Conditions = Yearly(45_000m, 60_000m, 32), // 27.04–36.06 $/h
            Posting = Open(null),
        });
        await runtime.Role("fcct", "benevole").PutAsync(Titled("Sans salaire", "Unsalaried") with { Posting = Open(null) });

        Assert.Equal(3, (await runtime.Board().ListAsync(new PostingQuery())).Count);
        Assert.Equal(["ctroc", "exeko"], (await runtime.Board().ListAsync(new PostingQuery(MinHourlyPay: 36.06m))).Select(p => p.TenantId));
        Assert.Equal(["ctroc"], (await runtime.Board().ListAsync(new PostingQuery(MinHourlyPay: 36.07m))).Select(p => p.TenantId));
        Assert.Empty(await runtime.Board().ListAsync(new PostingQuery(MinHourlyPay: 36.56m)));
        await Assert.ThrowsAsync<ValidationFailedException>(() => runtime.Board().ListAsync(new PostingQuery(MinHourlyPay: -1m)));
    }

    [Fact]
    public async Task FailedBoardPublicationDoesNotRefuseTheRoleAndIsRepairedByTheNextChange()
    {
        var storage = new StorageFaults();
        await using var runtime = await WithTenantsAsync(storage: storage);
        storage.FailWrite((name, _) => name == "posting-board");

        await runtime.Role("ctroc", "coordination").PutAsync(Coordination() with { Posting = Open(null) });
        Assert.Empty(await runtime.Board().ListAsync(new PostingQuery()));

        // Any later change of the tenant's roles publishes again, the whole list.
        await runtime.Role("ctroc", "autre").PutAsync(Titled("Autre", "Other"));
        Assert.Equal("coordination", Assert.Single(await runtime.Board().ListAsync(new PostingQuery())).RoleId);
    }

    [Fact]
    public async Task BoardRefusesAPublicationOfAnotherTenantsPostings()
    {
        await using var runtime = await WithTenantsAsync();
        var foreign = new JobPosting("ctroc", null, "x", Text("x", "x"), null, null, null, null, null, null, null, null, null, null);
        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            runtime.Grains.GetGrain<IPostingBoardWriterGrain>(RoleKeys.PostingBoard).PublishAsync("fcct", [foreign]));
    }

    [Fact]
    public async Task PostingsOfADeletedTenantAreNotListed()
    {
        await using var runtime = await WithTenantsAsync();
        await runtime.Role("ctroc", "coordination").PutAsync(Coordination() with { Posting = Open(null) });
        await runtime.Role("fcct", "codirection").PutAsync(Titled("Codirection", "Co-director") with { Posting = Open(null) });

        await runtime.Grains.GetGrain<ITenantDirectoryGrain>(GrainKeys.Directory).RemoveAsync("ctroc");

        Assert.Equal("fcct", Assert.Single(await runtime.Board().ListAsync(new PostingQuery())).TenantId);
    }

    [Fact]
    public async Task TenantsShareOfTheBoardIsBounded()
    {
        await using var runtime = await WithTenantsAsync();
        for (var i = 0; i < TenantRolesGrain.MaxOpenPostings; i++)
            await runtime.Role("ctroc", $"r{i}").PutAsync(Titled("Poste", "Job") with { Posting = Open(null) });

        await Assert.ThrowsAsync<ConflictException>(() => runtime.Role("ctroc", "one-more").PutAsync(Titled("Poste", "Job") with { Posting = Open(null) }));
        // A draft is fine, and so is replacing an open posting.
        await runtime.Role("ctroc", "one-more").PutAsync(Titled("Poste", "Job") with { Posting = Open(null) with { Status = PostingStatus.Draft } });
        await runtime.Role("ctroc", "r0").PutAsync(Titled("Poste modifié", "Updated job") with { Posting = Open(null) });
        Assert.Equal(TenantRolesGrain.MaxOpenPostings, (await runtime.Board().ListAsync(new PostingQuery())).Count);
    }

    [Fact]
    public async Task PostingCarriesDescriptionRequirementsAndLanguagesAndTheTenantsKind()
    {
        await using var runtime = await WithTenantsAsync();
        await runtime.Role("ctroc", "coordination").PutAsync(Coordination() with
        {
            Posting = Open(null) with
            {
                Description = Text("Porter la parole du réseau.", "Speak for the network."),
                Requirements = [Text("Rédaction", "Writing")],
                Languages = ["fr"],
            },
        });

        var posting = Assert.Single(await runtime.Board().ListAsync(new PostingQuery()));

        Assert.Equal("Speak for the network.", posting.Description!.En);
        Assert.Equal("Rédaction", Assert.Single(posting.Requirements!).Fr);
        Assert.Equal(["fr"], posting.Languages);
        Assert.Equal(TenantKind.Organization, posting.OrganizationKind);
        Assert.Equal("Write to the team.", posting.HowToApply!.En);
        Assert.Null(await runtime.Board().GetAsync("ctroc", "autre"));
        Assert.Equal("coordination", (await runtime.Board().GetAsync("ctroc", "coordination"))!.RoleId);
    }

    [Fact]
    public async Task OnePostingIsReadWhileListedOnlyAndNotOnceClosedOrPastItsApplyByDay()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 2, 20, 12, 0, 0, TimeSpan.Zero));
        await using var runtime = await WithTenantsAsync(clock);
        await runtime.Role("ctroc", "coordination").PutAsync(Coordination() with { Posting = Open(new DateOnly(2026, 2, 24)) });
        await runtime.Role("fcct", "codirection").PutAsync(Titled("Codirection", "Co-director") with { Posting = Open(null) });
        Assert.NotNull(await runtime.Board().GetAsync("ctroc", "coordination"));

        clock.SetUtcNow(new DateTimeOffset(2026, 2, 25, 5, 0, 0, TimeSpan.Zero));
        Assert.Null(await runtime.Board().GetAsync("ctroc", "coordination"));

        await runtime.Role("fcct", "codirection").PutAsync(Titled("Codirection", "Co-director") with { Posting = Open(null) with { Status = PostingStatus.Closed } });
        Assert.Null(await runtime.Board().GetAsync("fcct", "codirection"));
        Assert.Empty(await runtime.Board().ListAsync(new PostingQuery()));
        // Ids that are not ids never reach the state.
        Assert.Null(await runtime.Board().GetAsync("../ctroc", "coordination"));
    }

    [Fact]
    public async Task BoardFiltersByKindLanguageOfWorkAndHours()
    {
        await using var runtime = await WithTenantsAsync();
        await runtime.Grains.GetGrain<ITenantDirectoryGrain>(GrainKeys.Directory).RegisterAsync(new TenantSummary("reseau", TenantKind.Federation, Text("Réseau", "Network")));
        await runtime.Grains.GetGrain<ITenantGrain>("reseau").CreateAsync(TenantKind.Federation, Text("Réseau", "Network"), "QC");
        await runtime.Role("ctroc", "partiel").PutAsync(Titled("Partiel", "Part time") with { Conditions = Hourly(25, 30, 21), Posting = Open(null) with { Languages = ["en"] } });
        await runtime.Role("reseau", "plein").PutAsync(Titled("Plein", "Full time") with { Conditions = Hourly(25, 30, 35), Posting = Open(null) with { Languages = ["fr", "en"] } });
        await runtime.Role("fcct", "sans-heures").PutAsync(Titled("Sans heures", "No hours") with { Posting = Open(null) });

        async Task<string[]> RolesAsync(PostingQuery query) => [.. (await runtime.Board().ListAsync(query)).Select(p => p.RoleId).Order()];

        Assert.Equal(["plein"], await RolesAsync(new PostingQuery(Kind: TenantKind.Federation)));
        Assert.Equal(["partiel", "sans-heures"], await RolesAsync(new PostingQuery(Kind: TenantKind.Organization)));
        Assert.Equal(["partiel", "plein"], await RolesAsync(new PostingQuery(Language: "en")));
        Assert.Equal(["plein"], await RolesAsync(new PostingQuery(Language: "fr")));
        Assert.Equal(["plein"], await RolesAsync(new PostingQuery(MinHoursPerWeek: 30)));
        Assert.Equal(["partiel"], await RolesAsync(new PostingQuery(MaxHoursPerWeek: 29.99m)));
        await Assert.ThrowsAsync<ValidationFailedException>(() => runtime.Board().ListAsync(new PostingQuery(Language: "de")));
    }

    [Fact]
    public async Task BoardKeyCannotBeATenantId() => Assert.False(Ids.IsValid(RoleKeys.PostingBoard));
}
