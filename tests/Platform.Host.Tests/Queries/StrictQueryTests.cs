using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Federations;
using Platform.Host.Tests.Infrastructure;
using Platform.Host.Tests.Security;
using static Platform.Host.Tests.Federations.FederationHttp;

namespace Platform.Host.Tests.Queries;

/// <summary>
/// Issue 12 §2: a query parameter a route does not take is a 400 naming the ones it takes, never
/// a silently unfiltered answer; the filters staff expect exist; a bad enum value lists the
/// allowed ones; a missing required parameter says "required".
/// </summary>
public sealed class StrictQueryTests(SweepPlatformApp app) : IClassFixture<SweepPlatformApp>
{
    [Fact]
    public async Task EveryGetRouteRefusesAnUnknownQueryParameterNamingTheOnesItDocuments()
    {
        var fed = await app.NewFederationAsync("sweep");
        var consortium = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("csweep"), "consortium");
        var document = await app.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var failures = new List<string>();
        var swept = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
        {
            if (!path.Value.TryGetProperty("get", out var operation)) continue;
            var documented = operation.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToHashSet()
                : [];
            // The route's own tenant, by each credential that may read it, until one gets past the policies.
            HttpResponseMessage? answer = null;
            foreach (var (tenantId, key) in new[] { (fed.TenantId, fed.Admin), (consortium.TenantId, consortium.Admin), (fed.TenantId, PlatformApp.OperatorKey), (fed.TenantId, (string?)null) })
            {
                var url = System.Text.RegularExpressions.Regex.Replace(path.Name.Replace("{tenantId}", tenantId, StringComparison.Ordinal), @"\{[^}]+\}", "m1");
                var client = key is null ? app.Anonymous() : app.WithKey(key);
                answer = await client.GetAsync($"{url}?ambassador=true");
                if (answer.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)) break;
            }
            swept++;
            var body = await answer!.Content.ReadAsStringAsync();
            if (documented.Contains("ambassador")) continue; // the members list: a real filter
            if (answer.StatusCode != HttpStatusCode.BadRequest)
            {
                failures.Add($"GET {path.Name}?ambassador=true → {(int)answer.StatusCode}: {body[..Math.Min(body.Length, 200)]}");
                continue;
            }
            var problem = JsonDocument.Parse(body).RootElement;
            var allowed = problem.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()!).ToHashSet();
            if (!allowed.SetEquals(documented))
                failures.Add($"GET {path.Name}: allowed [{string.Join(", ", allowed)}] but documented [{string.Join(", ", documented)}]");
            if (!problem.GetProperty("detail").GetString()!.Contains("'ambassador'", StringComparison.Ordinal))
                failures.Add($"GET {path.Name}: the detail does not name the parameter: {body}");
            NoTypeNames.Assert(body);
        }
        Assert.True(swept > 25, $"only {swept} GET routes were swept");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Theory]
    [InlineData("activities?ambassador=true", "kind, from, to")]
    [InlineData("activities?status=done", "kind, from, to")]
    [InlineData("members?kind=training", "status, region, type, sector, q, ambassador, sectorTable, limit, after, format")]
    [InlineData("statistics?q=coop", "from, to, year")]
    [InlineData("sector-tables?year=2025", null)]
    public async Task TheRoutesOfTheIssueNoLongerIgnoreWhatTheyDoNotTake(string route, string? allowed)
    {
        var fed = await app.NewFederationAsync();
        var response = await app.WithKey(fed.Viewer).GetAsync($"/api/v1/tenants/{fed.TenantId}/{route}");
        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(allowed ?? "takes none", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownParameterIsRefusedInFrenchForAFrenchCaller()
    {
        var fed = await app.NewFederationAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"{Activities(fed.TenantId)}?year=2025");
        request.Headers.AcceptLanguage.ParseAdd("fr-CA");
        var problem = await Expect.Problem(await app.WithKey(fed.Viewer).SendAsync(request), HttpStatusCode.BadRequest);
        Assert.Equal("« year » n'est pas un paramètre de cette adresse ; paramètres permis : kind, from, to.", problem.GetProperty("detail").GetString());
        Assert.Equal("La requête n'est pas valide.", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task TheUnknownParameterIsRefusedOnlyAfterTheCredential()
    {
        var fed = await app.NewFederationAsync();
        var other = await app.NewFederationAsync();
        await Expect.Problem(await app.Anonymous().GetAsync($"{Members(fed.TenantId)}?bogus=1"), HttpStatusCode.Unauthorized);
        await Expect.Problem(await app.WithKey(other.Admin).GetAsync($"{Members(fed.TenantId)}?bogus=1"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task MembersAreFoundByNameOrRegistryNumberAmbassadorAndSectorTable()
    {
        var fed = await app.NewFederationAsync();
        await Expect.Status(await app.WithKey(fed.Staff).PutAsJsonAsync($"/api/v1/tenants/{fed.TenantId}/sector-tables/brasseries",
            new { name = new { fr = "Table des microbrasseries", en = "Microbreweries table" } }), HttpStatusCode.OK);
        await app.AddMemberAsync(fed, new { id = "erable", name = "Coopérative L'Érablière", type = "worker", region = "12", joinedOn = "2020-01-01", registryId = "1170001234", ambassador = true });
        await app.AddMemberAsync(fed, new { id = "houblon", name = "Brasserie du Houblon", type = "worker", region = "06", joinedOn = "2020-01-01", sectorTables = new[] { "brasseries" } });
        await app.AddMemberAsync(fed, new { id = "plateau", name = "Coop du Plateau", type = "solidarity", region = "06", joinedOn = "2020-01-01", registryId = "2299990000" });

        async Task<string[]> Ids(string query) =>
            (await app.WithKey(fed.Viewer).GetJsonAsync($"{Members(fed.TenantId)}?{query}")).EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray();

        Assert.Equal(["erable"], await Ids("q=erabliere"));              // accents and case ignored
        Assert.Equal(["erable", "plateau"], await Ids("q=COOP"));
        Assert.Equal(["plateau"], await Ids("q=229999"));                // part of a registry number
        Assert.Empty(await Ids("q=nowhere"));
        Assert.Equal(["erable"], await Ids("ambassador=true"));
        Assert.Equal(["houblon", "plateau"], await Ids("ambassador=false"));
        Assert.Equal(["houblon"], await Ids("sectorTable=brasseries"));
        Assert.Equal(["plateau"], await Ids("q=coop&region=06"));
        Assert.Equal(["plateau"], await Ids("q=coop&limit=1&after=erable"));

        var bad = await Expect.Problem(await app.WithKey(fed.Viewer).GetAsync($"{Members(fed.TenantId)}?ambassador=yes"), HttpStatusCode.BadRequest);
        Assert.Contains("true or false", bad.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Expect.Problem(await app.WithKey(fed.Viewer).GetAsync($"{Members(fed.TenantId)}?sectorTable=Not%20An%20Id"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ActivitiesAreFilteredByKindWithinDates()
    {
        var fed = await app.NewFederationAsync();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        await app.AddActivityAsync(fed, "old-training", "training", today.AddDays(-60).ToString("yyyy-MM-dd"));
        await app.AddActivityAsync(fed, "new-training", "training", today.AddDays(-5).ToString("yyyy-MM-dd"));
        await app.AddActivityAsync(fed, "meeting", "peer-meeting", today.AddDays(-5).ToString("yyyy-MM-dd"));

        async Task<string[]> Ids(string query) =>
            (await app.WithKey(fed.Viewer).GetJsonAsync($"{Activities(fed.TenantId)}?{query}")).EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToArray();

        Assert.Equal(["old-training", "new-training"], await Ids("kind=training"));
        Assert.Equal(["new-training"], await Ids($"kind=training&from={today.AddDays(-30):yyyy-MM-dd}"));
        Assert.Equal(["meeting"], await Ids($"kind=peer-meeting&to={today:yyyy-MM-dd}"));

        var problem = await Expect.Problem(await app.WithKey(fed.Viewer).GetAsync($"{Activities(fed.TenantId)}?kind=Training"), HttpStatusCode.BadRequest);
        Assert.Contains("training, peer-meeting, advisory, conference, networking, screening, pathway", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatisticsOfAYearAreThoseOfItsFirstToItsLastDay()
    {
        var fed = await app.NewFederationAsync();
        var year = app.Clock.GetUtcNow().Year - 1;
        await app.AddMemberAsync(fed, Member("m1", joinedOn: $"{year - 3}-05-01"));
        await app.AddActivityAsync(fed, "a-in", "training", $"{year}-06-10");
        await app.AddActivityAsync(fed, "a-out", "conference", $"{year + 1}-01-02");
        await app.RecordParticipantsAsync(fed, "a-in", "m1");

        var byYear = await app.WithKey(fed.Viewer).GetJsonAsync($"/api/v1/tenants/{fed.TenantId}/statistics?year={year}");
        var byDates = await app.WithKey(fed.Viewer).GetJsonAsync($"/api/v1/tenants/{fed.TenantId}/statistics?from={year}-01-01&to={year}-12-31");
        Assert.Equal(byDates.ToString(), byYear.ToString());
        Assert.Equal($"{year}-01-01", byYear.GetProperty("period").GetProperty("from").GetString());
        Assert.Equal($"{year}-12-31", byYear.GetProperty("period").GetProperty("to").GetString());
        Assert.Equal(1, byYear.GetProperty("participation").GetProperty("activitiesByKind").GetProperty("training").GetInt32());
        Assert.Equal(0, byYear.GetProperty("participation").GetProperty("activitiesByKind").TryGetProperty("conference", out var conferences) ? conferences.GetInt32() : 0);

        var network = await app.WithKey(fed.Viewer).GetJsonAsync($"/api/v1/tenants/{fed.TenantId}/network/statistics?year={year}");
        Assert.Equal(year, network.GetProperty("selfIdentificationYear").GetInt32());

        var both = await Expect.Problem(await app.WithKey(fed.Viewer).GetAsync($"/api/v1/tenants/{fed.TenantId}/statistics?year={year}&from={year}-02-01"), HttpStatusCode.BadRequest);
        Assert.Contains("not both", both.GetProperty("detail").GetString(), StringComparison.Ordinal);
        foreach (var bad in new[] { "25", "abcd", "1999", "20255" })
            await Expect.Problem(await app.WithKey(fed.Viewer).GetAsync($"/api/v1/tenants/{fed.TenantId}/statistics?year={bad}"), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("members?status=done", "active, withdrawn")]
    [InlineData("members?type=coop", "worker, solidarity, producer, consumer, housing, community-organization")]
    [InlineData("activities?kind=webinar", "training, peer-meeting")]
    public async Task AnUnknownEnumValueInTheQueryListsTheAllowedOnes(string route, string allowed)
    {
        var fed = await app.NewFederationAsync();
        var response = await app.WithKey(fed.Viewer).GetAsync($"/api/v1/tenants/{fed.TenantId}/{route}");
        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest);
        Assert.Contains(allowed, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        NoTypeNames.Assert(await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"kind\":\"webinar\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"on\":\"2024-01-01\"}", "kind", "training, peer-meeting, advisory")]
    [InlineData("{\"kind\":1,\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"on\":\"2024-01-01\"}", "kind", "training, peer-meeting, advisory")]
    public async Task AnUnknownEnumValueInABodyListsTheAllowedOnes(string body, string field, string allowed)
    {
        var fed = await app.NewFederationAsync();
        var response = await app.WithKey(fed.Staff).PostJsonAsync(Activities(fed.TenantId), body);
        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest);
        Assert.Contains($"'{field}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(allowed, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        NoTypeNames.Assert(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnUnknownEnumValueInAPatchListsTheAllowedOnes()
    {
        var fed = await app.NewFederationAsync();
        await app.AddMemberAsync(fed, Member("m1"));
        var response = await app.WithKey(fed.Staff).PatchJsonAsync($"{Members(fed.TenantId)}/m1", "{\"type\":\"cooperative\"}");
        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest);
        Assert.Contains("worker, solidarity, producer, consumer, housing, community-organization", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        NoTypeNames.Assert(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ANewFederationReadsAnEmptyProfileNotA404()
    {
        var fed = await app.NewFederationAsync();
        var profile = await app.WithKey(fed.Viewer).GetJsonAsync($"/api/v1/tenants/{fed.TenantId}/federation");
        Assert.False(profile.TryGetProperty("name", out _));
        Assert.False(profile.TryGetProperty("kind", out _));
        Assert.Equal(["fr", "en"], profile.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
        // Another tenant still learns nothing of it.
        var other = await app.NewFederationAsync();
        await Expect.Problem(await app.WithKey(other.Admin).GetAsync($"/api/v1/tenants/{fed.TenantId}/federation"), HttpStatusCode.NotFound);
    }
}
