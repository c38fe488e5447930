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
    private static readonly string Year = "?from=2023-04-01&to=2024-03-31";

    [Fact]
    public async Task ReseauCoopHas125MembersWithNinetyOnePercentParticipationAnd29Ambassadors()
    {
        var client = app.WithKey(await app.AdminKeyAsync("reseau-coop"));

        var statistics = await client.GetJsonAsync($"/api/v1/tenants/reseau-coop/statistics{Year}");

        Assert.Equal(125, statistics.GetProperty("members").GetProperty("active").GetInt32());
        var participation = statistics.GetProperty("participation");
        Assert.Equal(114, participation.GetProperty("participatingMembers").GetInt32());
        Assert.Equal(0.912m, participation.GetProperty("rate").GetDecimal());
        Assert.All(participation.GetProperty("activitiesByKind").EnumerateObject(), kind => Assert.True(kind.Value.GetInt32() > 0, kind.Name));
        Assert.Equal(29, statistics.GetProperty("ambassadors").GetInt32());
        Assert.Equal(["communications", "microbrasseries"], statistics.GetProperty("sectorTables").EnumerateObject().Select(t => t.Name));
        // New members every month of the year.
        Assert.Equal(12, statistics.GetProperty("members").GetProperty("joinedByMonth").EnumerateObject().Count());
        Assert.InRange(statistics.GetProperty("reach").GetInt32(), 1_000, 2_000);
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
        var year = await client.GetJsonAsync("/api/v1/tenants/fcct/network/statistics?from=2025-01-01&to=2025-12-31");
        Assert.Equal(2025, year.GetProperty("selfIdentificationYear").GetInt32());
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

        var first = JsonSerializer.Serialize(FederationSeedGenerator.Generate(data, tenants), options);
        var second = JsonSerializer.Serialize(FederationSeedGenerator.Generate(data, tenants), options);

        Assert.Equal(first, second);
        Assert.DoesNotContain("de A", first);
    }
}
