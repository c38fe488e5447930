using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;
using static Platform.Host.Tests.Federations.FederationHttp;

namespace Platform.Host.Tests.Federations;

/// <summary>Per-affiliate figures against the year before, the network feed and the split reach (issue 12 §6-7).</summary>
public sealed class NetworkReportsApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private DateOnly Today => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Breakdown(string tenantId, string query = "") => $"/api/v1/tenants/{tenantId}/network/affiliates{query}";

    /// <summary>
    /// A national body with two affiliates; the first has an affiliate of its own. Members joined years
    /// ago; the first affiliate's took part this year, the second's last year.
    /// </summary>
    private async Task<(TenantKeys Parent, TenantKeys First, TenantKeys Second, TenantKeys Grandchild)> NetworkAsync()
    {
        var parent = await app.NewFederationAsync("nat");
        var first = await app.NewFederationAsync("prov");
        var second = await app.NewFederationAsync("prov");
        var grandchild = await app.NewFederationAsync("reg");
        var thisYear = Today.AddMonths(-2);
        var lastYear = Today.AddMonths(-14);
        for (var i = 1; i <= 6; i++) await app.AddMemberAsync(first, Member($"f{i}", joinedOn: "2019-01-01"));
        for (var i = 1; i <= 3; i++) await app.AddMemberAsync(second, Member($"s{i}", joinedOn: "2019-01-01"));
        await app.AddMemberAsync(grandchild, Member("g1", joinedOn: "2019-01-01"));
        await app.AddActivityAsync(first, "now", "training", Day(thisYear));
        await app.RecordParticipantsAsync(first, "now", "f1", "f2", "f3");
        await app.AddActivityAsync(second, "before", "training", Day(lastYear));
        await app.RecordParticipantsAsync(second, "before", "s1", "s2");
        await app.AddActivityAsync(grandchild, "screen", "screening", Day(thisYear), 80);
        await app.AddActivityAsync(grandchild, "talk", "conference", Day(thisYear), 30);
        await app.RecordParticipantsAsync(grandchild, "screen", "g1");
        await app.AffiliateAsync(first, parent);
        await app.AffiliateAsync(second, parent);
        await app.AffiliateAsync(grandchild, first);
        return (parent, first, second, grandchild);
    }

    [Fact]
    public async Task EachDirectAffiliatesBranchIsComparedWithTheYearBefore()
    {
        var (parent, first, second, _) = await NetworkAsync();

        var breakdown = await app.WithKey(parent.Viewer).GetJsonAsync(Breakdown(parent.TenantId));

        // No period: the report year ending today, against the twelve months before it.
        Assert.Equal(Day(Today.AddYears(-1).AddDays(1)), breakdown.GetProperty("period").GetProperty("from").GetString());
        Assert.Equal(Day(Today), breakdown.GetProperty("period").GetProperty("to").GetString());
        Assert.Equal(Day(Today.AddYears(-1)), breakdown.GetProperty("previousPeriod").GetProperty("to").GetString());
        var affiliates = breakdown.GetProperty("affiliates").EnumerateArray().ToDictionary(a => a.GetProperty("federationId").GetString()!, a => a.GetProperty("figures"));
        Assert.Equal(new[] { first.TenantId, second.TenantId }.Order(StringComparer.Ordinal), affiliates.Keys.Order(StringComparer.Ordinal));

        // The first affiliate's branch holds its own affiliate: 7 members, 4 took part this year, none last year.
        var branch = affiliates[first.TenantId];
        Assert.Equal(2, branch.GetProperty("current").GetProperty("federations").GetInt32());
        Assert.Equal(7, branch.GetProperty("current").GetProperty("members").GetProperty("active").GetInt32());
        Assert.Equal(4, branch.GetProperty("current").GetProperty("participation").GetProperty("participatingMembers").GetInt32());
        Assert.Equal(0, branch.GetProperty("previous").GetProperty("participation").GetProperty("participatingMembers").GetInt32());
        Assert.Equal(4, branch.GetProperty("change").GetProperty("participatingMembers").GetInt32());
        Assert.Equal(110, branch.GetProperty("change").GetProperty("reach").GetInt32());

        var other = affiliates[second.TenantId];
        Assert.Equal(-2, other.GetProperty("change").GetProperty("participatingMembers").GetInt32());
        Assert.Equal(-0.6667m, other.GetProperty("change").GetProperty("rate").GetDecimal());

        var network = breakdown.GetProperty("network");
        Assert.Equal(10, network.GetProperty("current").GetProperty("members").GetProperty("active").GetInt32());
        Assert.Equal((4, 2), (network.GetProperty("current").GetProperty("participation").GetProperty("participatingMembers").GetInt32(),
            network.GetProperty("previous").GetProperty("participation").GetProperty("participatingMembers").GetInt32()));
    }

    [Fact]
    public async Task AnAffiliatesSmallCellsAreSuppressedAsInTheNetworkTotals()
    {
        var (parent, first, _, _) = await NetworkAsync();
        var year = Today.Year - 1;

        var breakdown = await app.WithKey(parent.Viewer).GetJsonAsync(Breakdown(parent.TenantId, $"?from={year}-01-01&to={year}-12-31"));

        Assert.Equal($"{year - 1}-01-01", breakdown.GetProperty("previousPeriod").GetProperty("from").GetString());
        var branch = breakdown.GetProperty("affiliates").EnumerateArray().Single(a => a.GetProperty("federationId").GetString() == first.TenantId).GetProperty("figures").GetProperty("current");
        // As in the network totals: a cell is suppressed ("<5") or randomly rounded to a multiple of 5, never an exact small count.
        foreach (var cell in branch.GetProperty("selfIdentification").EnumerateObject())
            Assert.True(cell.Value.ValueKind == JsonValueKind.String ? cell.Value.GetString() == "<5" : cell.Value.GetInt32() % 5 == 0, $"{cell.Name}: {cell.Value}");
        var second = breakdown.GetProperty("affiliates").EnumerateArray().Single(a => a.GetProperty("federationId").GetString() != first.TenantId).GetProperty("figures").GetProperty("current");
        Assert.Equal("<5", second.GetProperty("selfIdentification").GetProperty("not-provided").GetString());
        Assert.Contains("selfIdentification.not-provided", second.GetProperty("suppressed").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task TheBreakdownExportsAsCsvAndNeedsAClosedPeriod()
    {
        var (parent, first, second, _) = await NetworkAsync();

        var response = await app.WithKey(parent.Viewer).GetAsync(Breakdown(parent.TenantId, "?format=csv"));
        await Expect.Status(response, HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("scope,federationId,name,period,from,to,federations,active,withdrawn,participatingMembers,rate,ambassadors,ambassadorPeople,reach,screeningAudience,conferenceAudience,selfIdentification.women", lines[0]);
        Assert.Equal(1 + 2 * 3, lines.Length);
        Assert.StartsWith($"affiliate,{first.TenantId},Tenant {first.TenantId},current,{Day(Today.AddYears(-1).AddDays(1))},{Day(Today)},2,7,0,4,0.5714,0,0,110,80,30,", lines.Single(l => l.StartsWith($"affiliate,{first.TenantId},", StringComparison.Ordinal) && l.Contains(",current,", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith($"affiliate,{second.TenantId},Tenant {second.TenantId},previous,", StringComparison.Ordinal));

        await Expect.Problem(await app.WithKey(parent.Viewer).GetAsync(Breakdown(parent.TenantId, $"?from={Day(Today.AddMonths(-3))}")), HttpStatusCode.BadRequest);
        await Expect.Problem(await app.WithKey(parent.Viewer).GetAsync(Breakdown(parent.TenantId, "?format=xml")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AnAffiliateOfAnAffiliateJoiningShowsInTheUpperFederationsFeed()
    {
        var (parent, first, second, grandchild) = await NetworkAsync();
        var late = await app.NewFederationAsync("late");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await app.AffiliateAsync(late, first);

        var feed = (await app.WithKey(parent.Viewer).GetJsonAsync($"/api/v1/tenants/{parent.TenantId}/network/feed")).EnumerateArray().ToList();

        Assert.Equal(4, feed.Count);
        var newest = feed[0];
        Assert.Equal(("joined", late.TenantId, first.TenantId, 2),
            (newest.GetProperty("kind").GetString(), newest.GetProperty("federationId").GetString(), newest.GetProperty("parentId").GetString(), newest.GetProperty("depth").GetInt32()));
        Assert.Equal($"Tenant {late.TenantId}", newest.GetProperty("name").GetProperty("fr").GetString());
        Assert.Equal(app.Clock.GetUtcNow(), newest.GetProperty("at").GetDateTimeOffset());
        Assert.Contains(feed, e => e.GetProperty("federationId").GetString() == grandchild.TenantId && e.GetProperty("parentId").GetString() == first.TenantId);
        Assert.Contains(feed, e => e.GetProperty("federationId").GetString() == second.TenantId && e.GetProperty("depth").GetInt32() == 1);
        // The affiliate in between sees its own part only; a federation outside sees nothing of it.
        Assert.Equal(2, (await app.WithKey(first.Viewer).GetJsonAsync($"/api/v1/tenants/{first.TenantId}/network/feed")).GetArrayLength());
        await Expect.Problem(await app.WithKey(late.Admin).GetAsync($"/api/v1/tenants/{parent.TenantId}/network/feed"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeparturesShowInTheUpperFederationsFeedWithWhoEndedItAndARejoinAfterThem()
    {
        var (parent, first, second, grandchild) = await NetworkAsync();
        string Feed(TenantKeys tenant, string query = "") => $"/api/v1/tenants/{tenant.TenantId}/network/feed{query}";

        // The grandchild leaves its parent (the child's route), then the parent removes the second affiliate (the parent's route).
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var leftAt = app.Clock.GetUtcNow();
        await Expect.Status(await app.WithKey(grandchild.Admin).DeleteAsync($"/api/v1/tenants/{grandchild.TenantId}/affiliations/{first.TenantId}"), HttpStatusCode.NoContent);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await Expect.Status(await app.WithKey(parent.Admin).DeleteAsync($"/api/v1/tenants/{parent.TenantId}/affiliates/{second.TenantId}"), HttpStatusCode.NoContent);

        var feed = (await app.WithKey(parent.Viewer).GetJsonAsync(Feed(parent))).EnumerateArray().ToList();
        static (string?, string?, string?, int, string?) Line(JsonElement e) => (e.GetProperty("kind").GetString(), e.GetProperty("federationId").GetString(),
            e.GetProperty("parentId").GetString(), e.GetProperty("depth").GetInt32(), e.TryGetProperty("endedBy", out var by) ? by.GetString() : null);
        Assert.Equal(("left", second.TenantId, parent.TenantId, 1, "parent"), Line(feed[0]));
        Assert.Equal(("left", grandchild.TenantId, first.TenantId, 2, "child"), Line(feed[1]));
        Assert.Equal(leftAt, feed[1].GetProperty("at").GetDateTimeOffset());
        Assert.Equal($"Tenant {grandchild.TenantId}", feed[1].GetProperty("name").GetProperty("fr").GetString());
        // Each departure keeps the join it ended: three joins and two departures.
        Assert.Equal(5, feed.Count);
        Assert.Equal(feed.Select(e => e.GetProperty("at").GetDateTimeOffset()).OrderDescending(), feed.Select(e => e.GetProperty("at").GetDateTimeOffset()));
        Assert.All(feed.Where(e => e.GetProperty("kind").GetString() == "joined"), e => Assert.False(e.TryGetProperty("endedBy", out _)));

        // The grandchild comes back: the newest line is its new join, above its departure.
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await app.AffiliateAsync(grandchild, first);
        var again = (await app.WithKey(parent.Viewer).GetJsonAsync(Feed(parent, "?limit=3"))).EnumerateArray().Select(Line).ToList();
        Assert.Equal([("joined", grandchild.TenantId, first.TenantId, 2, null), ("left", second.TenantId, parent.TenantId, 1, "parent"),
            ("left", grandchild.TenantId, first.TenantId, 2, "child")], again);

        // The removed affiliate is outside the network now: its feed is its own, the parent's departure
        // from it is nowhere in it, and it cannot read the parent's.
        Assert.DoesNotContain((await app.WithKey(second.Viewer).GetJsonAsync(Feed(second))).EnumerateArray(), e => e.GetProperty("parentId").GetString() == parent.TenantId);
        await Expect.Problem(await app.WithKey(second.Admin).GetAsync(Feed(parent)), HttpStatusCode.NotFound);

        // A limit out of range and an unknown parameter are refused, in the caller's language.
        var request = new HttpRequestMessage(HttpMethod.Get, Feed(parent, "?limit=0"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", parent.Viewer);
        request.Headers.TryAddWithoutValidation("Accept-Language", "fr-CA");
        var problem = await Expect.Problem(await app.Anonymous().SendAsync(request), HttpStatusCode.BadRequest);
        Assert.Equal("« limit » doit être entre 1 et 1000.", problem.GetProperty("detail").GetString());
        await Expect.Problem(await app.WithKey(parent.Viewer).GetAsync(Feed(parent, "?limit=abc")), HttpStatusCode.BadRequest);
        var unknown = await Expect.Problem(await app.WithKey(parent.Viewer).GetAsync(Feed(parent, "?since=2020-01-01")), HttpStatusCode.BadRequest);
        Assert.Equal(["limit"], unknown.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task ScreeningReachAndConferenceAudiencesAreReportedApart()
    {
        var (parent, _, _, grandchild) = await NetworkAsync();

        var own = await app.WithKey(grandchild.Viewer).GetJsonAsync($"/api/v1/tenants/{grandchild.TenantId}/statistics");
        var network = await app.WithKey(parent.Viewer).GetJsonAsync($"/api/v1/tenants/{parent.TenantId}/network/statistics");

        foreach (var statistics in new[] { own, network })
        {
            Assert.Equal(80, statistics.GetProperty("audiences").GetProperty("screenings").GetInt32());
            Assert.Equal(30, statistics.GetProperty("audiences").GetProperty("conferences").GetInt32());
            Assert.Equal(110, statistics.GetProperty("reach").GetInt32());
        }
    }
}
