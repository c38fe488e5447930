using System.Text.Json;
using Platform.Abstractions;
using Platform.Host.Seeding;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Federations;

/// <summary>The gateway started on an empty memory store with seeding on: the demo world as a newcomer sees it.</summary>
public sealed class SeededPlatformApp : PlatformApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Platform:Seed", "true")];

    /// <summary>Admin keys are printed once at start, not returned: tests issue their own through the operator (recovery).</summary>
    public async Task<string> AdminKeyAsync(string tenantId) => (await IssueKeyAsync(tenantId, OperatorKey, "admin")).Key;
}

public sealed class FederationSeedTests(SeededPlatformApp app) : IClassFixture<SeededPlatformApp>
{
    /// <summary>The day the store was seeded: the host seeds at start, on its business clock.</summary>
    private DateOnly SeedingDay => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

    /// <summary>The report year as the dashboard reads it: the twelve months ending on the seeding day.</summary>
    private (DateOnly From, DateOnly To) ReportYear => (SeedingDay.AddYears(-1).AddDays(1), SeedingDay);

    private string Year => $"?from={ReportYear.From:yyyy-MM-dd}&to={ReportYear.To:yyyy-MM-dd}";

    [Fact]
    public async Task ReseauCoopHas125MembersWithNinetyOnePercentParticipationAnd29AmbassadorPeople()
    {
        var client = app.WithKey(await app.AdminKeyAsync("reseau-coop"));

        var statistics = await client.GetJsonAsync($"/api/v1/tenants/reseau-coop/statistics{Year}");

        Assert.Equal(125, statistics.GetProperty("members").GetProperty("active").GetInt32());
        var participation = statistics.GetProperty("participation");
        Assert.Equal(114, participation.GetProperty("participatingMembers").GetInt32());
        Assert.Equal(0.912m, participation.GetProperty("rate").GetDecimal());
        Assert.All(participation.GetProperty("activitiesByKind").EnumerateObject(), kind => Assert.True(kind.Value.GetInt32() > 0, kind.Name));
        // Ambassadors are people (contacts of their co-ops): 29 of them, in 25 co-ops.
        Assert.Equal(29, statistics.GetProperty("ambassadorPeople").GetInt32());
        Assert.Equal(25, statistics.GetProperty("ambassadors").GetInt32());
        Assert.Equal(["communications", "microbrasseries"], statistics.GetProperty("sectorTables").EnumerateObject().Select(t => t.Name));
        // New members every month of the year: the twelve months ending today fall in 12 or 13 calendar months.
        Assert.InRange(statistics.GetProperty("members").GetProperty("joinedByMonth").EnumerateObject().Count(), 12, 13);
        // About a thousand people at the documentary's screenings; the conferences' audiences are counted apart.
        var audiences = statistics.GetProperty("audiences");
        Assert.InRange(audiences.GetProperty("screenings").GetInt32(), 800, 1_300);
        Assert.InRange(audiences.GetProperty("conferences").GetInt32(), 300, 440);
        Assert.Equal(audiences.GetProperty("screenings").GetInt32() + audiences.GetProperty("conferences").GetInt32(), statistics.GetProperty("reach").GetInt32());
    }

    [Fact]
    public async Task TheSeededReportYearEndsOnTheSeedingDayAndNoOneTookPartBeforeJoining()
    {
        var client = app.WithKey(await app.AdminKeyAsync("reseau-coop"));

        var activities = await client.GetJsonAsync("/api/v1/tenants/reseau-coop/activities");
        var members = (await client.GetJsonAsync("/api/v1/tenants/reseau-coop/members")).EnumerateArray()
            .ToDictionary(m => m.GetProperty("id").GetString()!, m => DateOnly.Parse(m.GetProperty("joinedOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture));

        var dates = activities.EnumerateArray().Select(a => DateOnly.Parse(a.GetProperty("on").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.All(dates, on => Assert.InRange(on, ReportYear.From, ReportYear.To));
        Assert.All(members.Values, joined => Assert.True(joined <= SeedingDay, $"joined {joined} after the seeding day"));
        foreach (var activity in activities.EnumerateArray())
        {
            var on = DateOnly.Parse(activity.GetProperty("on").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            foreach (var participant in activity.GetProperty("participants").EnumerateArray().Select(p => p.GetString()!))
                Assert.True(members[participant] <= on, $"{participant} joined on {members[participant]}, after {activity.GetProperty("id").GetString()} on {on}");
        }
        // The year before the report year holds no activity: the seeded year is the current one.
        var before = await client.GetJsonAsync($"/api/v1/tenants/reseau-coop/statistics?from={ReportYear.From.AddYears(-1):yyyy-MM-dd}&to={ReportYear.From.AddDays(-1):yyyy-MM-dd}");
        Assert.Equal(0, before.GetProperty("participation").GetProperty("participatingMembers").GetInt32());
    }

    [Fact]
    public async Task EveryRegionalGroupingHoldsItsActivitiesInItsOwnRegion()
    {
        var data = await FederationSeed.LoadAsync(SeedingSetup.FindSeedsFolder(new Configuration.PlatformOptions())!, CancellationToken.None);
        foreach (var (grouping, regions) in data.Groupings.Regions)
        {
            var activities = await app.WithKey(await app.AdminKeyAsync(grouping)).GetJsonAsync($"/api/v1/tenants/{grouping}/activities");
            var placed = activities.EnumerateArray().Where(a => a.TryGetProperty("region", out var r) && r.ValueKind == JsonValueKind.String).ToList();
            Assert.NotEmpty(placed);
            Assert.All(placed, a => Assert.Contains(a.GetProperty("region").GetString(), regions));
        }
    }

    [Fact]
    public async Task AmbassadorsAreContactsWhoConsentedAndTheExportHoldsOnlyConsentedContacts()
    {
        var client = app.WithKey(await app.AdminKeyAsync("reseau-coop"));

        var export = await client.GetJsonAsync("/api/v1/tenants/reseau-coop/contacts");
        var members = await client.GetJsonAsync("/api/v1/tenants/reseau-coop/members?status=active");
        var all = new List<JsonElement>();
        foreach (var member in members.EnumerateArray())
            all.AddRange((await client.GetJsonAsync($"/api/v1/tenants/reseau-coop/members/{member.GetProperty("id").GetString()}/contacts")).EnumerateArray());

        Assert.Equal(29, all.Count(c => c.GetProperty("ambassador").GetBoolean()));
        Assert.Contains(all, c => !c.GetProperty("consentToContact").GetBoolean());
        Assert.Equal(all.Count(c => c.GetProperty("consentToContact").GetBoolean()), export.GetArrayLength());
        Assert.Equal(29, export.EnumerateArray().Count(c => c.GetProperty("ambassador").GetBoolean()));
    }

    [Fact]
    public async Task FcctNetworkCountsItsMembersSharedWithReseauCoopOnce()
    {
        var client = app.WithKey(await app.AdminKeyAsync("fcct"));

        var own = await client.GetJsonAsync("/api/v1/tenants/fcct/statistics");
        var network = await client.GetJsonAsync("/api/v1/tenants/fcct/network/statistics");

        Assert.Equal(2, network.GetProperty("federations").GetInt32());
        Assert.Equal(own.GetProperty("members").GetProperty("active").GetInt32() + 125 - 3, network.GetProperty("members").GetProperty("active").GetInt32());
        // Issue 13: equity groups go upward for a whole report year only, small cells suppressed there.
        Assert.Empty(network.GetProperty("suppressed").EnumerateArray());
        var lastYear = SeedingDay.Year - 1;
        var year = await client.GetJsonAsync($"/api/v1/tenants/fcct/network/statistics?from={lastYear}-01-01&to={lastYear}-12-31");
        Assert.Equal(lastYear, year.GetProperty("selfIdentificationYear").GetInt32());
        Assert.NotEmpty(year.GetProperty("suppressed").EnumerateArray());
    }

    [Fact]
    public async Task CtrocNetworkHoldsFourteenGroupingsAndThreeThousandDistinctOrganisations()
    {
        var network = await app.WithKey(await app.AdminKeyAsync("ctroc")).GetJsonAsync("/api/v1/tenants/ctroc/network/statistics");

        Assert.Equal(15, network.GetProperty("federations").GetInt32());
        var active = network.GetProperty("members").GetProperty("active").GetInt32();
        Assert.InRange(active, 3_000, 3_100);
        Assert.Equal(active, network.GetProperty("members").GetProperty("byType").GetProperty("community-organization").GetInt32());

        // Organisations in two groupings: the groupings' own counts add up to more than the network's.
        var sum = 0;
        foreach (var grouping in new[] { "troc-montreal", "troc-laval", "troc-monteregie", "troc-estrie", "troc-bas-saint-laurent", "troc-saguenay", "troc-capitale-nationale",
                     "troc-mauricie-centre", "troc-outaouais", "troc-abitibi", "troc-cote-nord", "troc-gaspesie", "troc-chaudiere-appalaches", "troc-lanaudiere-laurentides" })
        {
            var own = await app.WithKey(await app.AdminKeyAsync(grouping)).GetJsonAsync($"/api/v1/tenants/{grouping}/statistics");
            sum += own.GetProperty("members").GetProperty("active").GetInt32();
        }
        Assert.True(sum > active, $"groupings sum {sum}, network {active}");
    }

    [Fact]
    public async Task SeededMembersReadBackWithTheirParticipations()
    {
        var client = app.WithKey(await app.AdminKeyAsync("reseau-coop"));
        var members = await client.GetJsonAsync("/api/v1/tenants/reseau-coop/members?status=active&limit=5");
        var first = members[0].GetProperty("id").GetString();

        var member = await client.GetJsonAsync($"/api/v1/tenants/reseau-coop/members/{first}");

        Assert.Equal("active", member.GetProperty("status").GetString());
        Assert.Contains("o", member.GetProperty("name").GetString());
        Assert.True(member.TryGetProperty("participations", out _));
    }

    [Fact]
    public async Task GenerationIsTheSameOnEveryRun()
    {
        var seeds = SeedingSetup.FindSeedsFolder(new Configuration.PlatformOptions())!;
        var data = await FederationSeed.LoadAsync(seeds, CancellationToken.None);
        var options = new JsonSerializerOptions();
        PlatformJson.Configure(options);
        var tenants = JsonSerializer.Deserialize<List<TenantSeed.SeedTenant>>(await File.ReadAllTextAsync(Path.Combine(seeds, "tenants.json")), options)!
            .ToDictionary(t => t.Id, t => t.Name);

        var first = JsonSerializer.Serialize(FederationSeedGenerator.Generate(data, tenants, SeedingDay), options);
        var second = JsonSerializer.Serialize(FederationSeedGenerator.Generate(data, tenants, SeedingDay), options);

        Assert.Equal(first, second);
        Assert.DoesNotContain("de A", first);
    }

    [Fact]
    public async Task TheWorldMovesWithTheSeedingDayAndKeepsItsFigures()
    {
        var seeds = SeedingSetup.FindSeedsFolder(new Configuration.PlatformOptions())!;
        var data = await FederationSeed.LoadAsync(seeds, CancellationToken.None);
        var names = data.Groupings.Sizes.Keys.ToDictionary(id => id, id => new LocalizedText(id, id));

        foreach (var day in new[] { SeedingDay, SeedingDay.AddDays(200), new DateOnly(2031, 2, 28) })
        {
            var reseau = FederationSeedGenerator.Generate(data, names, day).Federations["reseau-coop"];
            var from = day.AddYears(-1).AddDays(1);
            Assert.All(reseau.Activities, a => Assert.InRange(a.On, from, day));
            var active = reseau.Members.Where(m => m.Status == MemberStatus.Active).Select(m => m.Id).ToHashSet();
            Assert.Equal(125, active.Count);
            Assert.Equal(114, reseau.Activities.SelectMany(a => a.Participants).Where(active.Contains).Distinct().Count());
            // New members in the year, and everyone joined before today.
            Assert.InRange(reseau.Members.Count(m => m.JoinedOn >= from), 12, 16);
            Assert.All(reseau.Members, m => Assert.True(m.JoinedOn <= day && (m.WithdrawnOn is null || m.WithdrawnOn <= day)));
        }
    }
}
