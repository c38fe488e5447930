using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;
using static Platform.Host.Tests.Federations.FederationHttp;

namespace Platform.Host.Tests.Federations;

public sealed class MembersApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    [Fact]
    public async Task PostedMemberReadsBackWithItsStatusAndFrenchCharactersIntact()
    {
        var fed = await app.NewFederationAsync();
        var response = await app.WithKey(fed.Staff).PostAsJsonAsync(Members(fed.TenantId), new
        {
            id = "erabliere",
            name = "Coopérative de travail L'Érablière — Lévis",
            type = "worker",
            region = "12",
            sector = "agri-food",
            joinedOn = "2019-04-12",
            foundedOn = "2015-06-01",
            workerMembers = 14,
            registryId = "1170001234",
        });
        await Expect.Status(response, HttpStatusCode.Created);
        Assert.Equal($"/api/v1/tenants/{fed.TenantId}/members/erabliere", response.Headers.Location?.OriginalString);

        var member = await app.WithKey(fed.Viewer).GetJsonAsync($"{Members(fed.TenantId)}/erabliere");
        Assert.Equal("Coopérative de travail L'Érablière — Lévis", member.GetProperty("name").GetString());
        Assert.Equal("active", member.GetProperty("status").GetString());
        Assert.Equal("2019-04-12", member.GetProperty("joinedOn").GetString());
        Assert.Equal(14, member.GetProperty("workerMembers").GetInt32());
        Assert.Equal(0, member.GetProperty("participations").GetArrayLength());
        Assert.Contains("member.add", await app.AuditActionsAsync(fed));
    }

    [Fact]
    public async Task MemberWithoutIdGetsAGeneratedOne()
    {
        var fed = await app.NewFederationAsync();
        var created = await app.AddMemberAsync(fed, new { name = "Coop sans id", type = "solidarity", region = "03", joinedOn = "2024-01-10" });
        var id = created.GetProperty("id").GetString()!;

        Assert.Matches("^[a-z0-9][a-z0-9-]{0,62}$", id);
        await app.WithKey(fed.Viewer).GetJsonAsync($"{Members(fed.TenantId)}/{id}");
    }

    [Fact]
    public async Task DuplicateMemberIdIsAConflict()
    {
        var fed = await app.NewFederationAsync();
        await app.AddMemberAsync(fed, Member("m1"));
        await Expect.Problem(await app.WithKey(fed.Staff).PostAsJsonAsync(Members(fed.TenantId), Member("m1", region: "03")), HttpStatusCode.Conflict);
    }

    public static TheoryData<string> BadMemberBodies => new()
    {
        "{\"id\":\"m1\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"06\",",
        "not json",
        "",
        "[]",
        "{\"id\":\"m1\",\"name\":42,\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2020-01-01\"}",
        "{\"id\":\"m1\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":20200101}",
        "{\"id\":\"m1\",\"name\":\"A\",\"type\":\"cooperative\",\"region\":\"06\",\"joinedOn\":\"2020-01-01\"}",
        "{\"id\":\"m1\",\"name\":\"A\",\"type\":1,\"region\":\"06\",\"joinedOn\":\"2020-01-01\"}",
        "{\"id\":\"m1\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2020-01-01\"}",
        "{\"id\":\"m1\",\"name\":\"A\",\"region\":\"06\",\"joinedOn\":\"2020-01-01\"}",
        "{\"id\":\"m1\",\"name\":\"A\",\"type\":\"worker\",\"joinedOn\":\"2020-01-01\"}",
        "{\"id\":\"m1\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"06\"}",
        "{\"id\":\"m1\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2025-02-30\"}",
        "{\"id\":\"m1\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"1700-01-01\"}",
        "{\"id\":\"m1\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"99\",\"joinedOn\":\"2020-01-01\"}",
        "{\"id\":\"..\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2020-01-01\"}",
        "{\"id\":\"a/b\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2020-01-01\"}",
        "{\"id\":\"coopé\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2020-01-01\"}",
        "{\"id\":\"" + new string('a', 10_000) + "\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2020-01-01\"}",
        "{\"id\":\"m1\",\"name\":\"" + new string('n', 10_000) + "\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2020-01-01\"}",
        "{\"id\":\"m1\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2020-01-01\",\"status\":\"withdrawn\"}",
        "{\"id\":\"m1\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2020-01-01\",\"workerMembers\":-3}",
        "{\"id\":\"m1\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2020-01-01\",\"workerMembers\":\"many\"}",
        "{\"id\":\"m1\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2020-01-01\",\"registryId\":\"12 34/56\"}",
        "{\"id\":\"m1\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2020-01-01\",\"selfIdentification\":{\"consented\":true,\"groups\":[\"martians\"]}}",
        "{\"id\":\"m1\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2020-01-01\",\"selfIdentification\":{\"consented\":false,\"groups\":[\"women\"]}}",
        "{\"id\":\"m1\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2020-01-01\",\"sectorTables\":[\"none-such\"]}",
    };

    [Theory]
    [MemberData(nameof(BadMemberBodies))]
    public async Task BadMemberBodyIsRefusedAndNothingIsStored(string body)
    {
        var fed = await app.NewFederationAsync();

        var response = await app.WithKey(fed.Staff).PostJsonAsync(Members(fed.TenantId), body);

        await Expect.Problem(response, HttpStatusCode.BadRequest);
        Assert.Empty(await app.MemberIdsAsync(fed));
        Assert.DoesNotContain("member.add", await app.AuditActionsAsync(fed));
    }

    [Fact]
    public async Task OversizedBodyIsRefusedWith413()
    {
        var fed = await app.NewFederationAsync();
        await Expect.Problem(await app.WithKey(fed.Staff).PostJsonAsync(Members(fed.TenantId), Raw.OversizedJson()), HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(await app.MemberIdsAsync(fed));
    }

    [Fact]
    public async Task InvalidMemberIdsInThePathAreClientErrors()
    {
        var fed = await app.NewFederationAsync();
        var staff = app.WithKey(fed.Staff);
        // '..' and '%2E%2E' are dot segments: the client resolves them before sending, so they never reach a member route.
        foreach (var id in Raw.InvalidPathIds.Where(id => id is not (".." or "%2E%2E")))
        {
            await Expect.ClientError(await staff.GetAsync($"{Members(fed.TenantId)}/{id}"));
            await Expect.ClientError(await staff.PatchJsonAsync($"{Members(fed.TenantId)}/{id}", "{\"region\":\"03\"}"));
            await Expect.ClientError(await staff.PostJsonAsync($"{Members(fed.TenantId)}/{id}/withdraw", "{\"on\":\"2025-01-01\"}"));
        }
        await Expect.Problem(await staff.GetAsync($"{Members(fed.TenantId)}/ghost"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListFiltersByStatusRegionTypeAndSector()
    {
        var fed = await app.NewFederationAsync();
        await app.AddMemberAsync(fed, new { id = "m1", name = "A", type = "worker", region = "06", sector = "microbrewery", joinedOn = "2020-01-01" });
        await app.AddMemberAsync(fed, new { id = "m2", name = "B", type = "solidarity", region = "03", sector = "communications", joinedOn = "2020-01-01" });
        await app.AddMemberAsync(fed, new { id = "m3", name = "C", type = "worker", region = "06", sector = "communications", joinedOn = "2020-01-01" });
        await Expect.Status(await app.WithKey(fed.Staff).PostAsJsonAsync($"{Members(fed.TenantId)}/m3/withdraw", new { on = "2025-12-31" }), HttpStatusCode.OK);
        var viewer = app.WithKey(fed.Viewer);

        async Task<string[]> Ids(string query) =>
            (await viewer.GetJsonAsync($"{Members(fed.TenantId)}{query}")).EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray();

        Assert.Equal(["m1", "m2", "m3"], await Ids(""));
        Assert.Equal(["m1", "m2"], await Ids("?status=active"));
        Assert.Equal(["m3"], await Ids("?status=withdrawn"));
        Assert.Equal(["m1", "m3"], await Ids("?region=06"));
        Assert.Equal(["m2"], await Ids("?type=solidarity"));
        Assert.Equal(["m3"], await Ids("?sector=communications&region=06"));
    }

    [Fact]
    public async Task ListPagesFollowTheLinkHeaderKeepingTheFilters()
    {
        var fed = await app.NewFederationAsync();
        foreach (var id in new[] { "m1", "m2", "m3", "m4", "m5" }) await app.AddMemberAsync(fed, Member(id));
        await app.AddMemberAsync(fed, Member("q1", region: "03"));
        var viewer = app.WithKey(fed.Viewer);

        var seen = new List<string>();
        var url = $"{Members(fed.TenantId)}?region=06&limit=2";
        var pages = 0;
        while (url is not null)
        {
            var response = await viewer.GetAsync(url);
            await Expect.Status(response, HttpStatusCode.OK);
            pages++;
            seen.AddRange((await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
            url = response.Headers.TryGetValues("Link", out var links) ? NextLink(links.Single()) : null;
            if (url is not null) Assert.Contains("region=06", url);
        }

        Assert.Equal(3, pages);
        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], seen);
    }

    [Theory]
    [InlineData("?status=archived")]
    [InlineData("?type=cooperative")]
    [InlineData("?limit=0")]
    [InlineData("?limit=abc")]
    [InlineData("?limit=-1")]
    [InlineData("?after=..")]
    [InlineData("?region=zz")]
    [InlineData("?sector=Bad%20Sector")]
    [InlineData("?format=xml")]
    public async Task BadListQueriesAreRefused(string query)
    {
        var fed = await app.NewFederationAsync();
        await Expect.Problem(await app.WithKey(fed.Viewer).GetAsync($"{Members(fed.TenantId)}{query}"), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("accept")]
    [InlineData("format")]
    public async Task CsvExportKeepsFrenchCharactersAndQuotesWhatNeedsIt(string how)
    {
        var fed = await app.NewFederationAsync();
        await app.AddMemberAsync(fed, Member("m1", name: "Coopérative L'Œuvre, façon « Québec »", registryId: "1170001234"));
        await app.AddMemberAsync(fed, Member("m2", name: "=SUM(A1)"));
        var request = new HttpRequestMessage(HttpMethod.Get, how == "format" ? $"{Members(fed.TenantId)}?format=csv" : Members(fed.TenantId));
        if (how == "accept") request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        var response = await app.WithKey(fed.Viewer).SendAsync(request);

        await Expect.Status(response, HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,name,type,region,sector,joinedOn", lines[0]);
        Assert.Equal("m1,\"Coopérative L'Œuvre, façon « Québec »\",worker,06,,2020-01-01,,,1170001234,active,,false,", lines[1]);
        // A formula is escaped so a spreadsheet shows it as text.
        Assert.StartsWith("m2,\"'=SUM(A1)\"", lines[2]);
    }

    [Fact]
    public async Task PatchChangesTheGivenFieldsNullClearsAndUnknownFieldsAreRefused()
    {
        var fed = await app.NewFederationAsync();
        await app.AddMemberAsync(fed, new { id = "m1", name = "A", type = "worker", region = "06", sector = "microbrewery", joinedOn = "2020-01-01", registryId = "1170001234" });
        await Expect.Status(await app.WithKey(fed.Staff).PutAsJsonAsync($"/api/v1/tenants/{fed.TenantId}/sector-tables/microbrasseries",
            new { name = new { fr = "Table des microbrasseries", en = "Microbreweries table" }, sector = "microbrewery" }), HttpStatusCode.OK);
        var url = $"{Members(fed.TenantId)}/m1";
        var staff = app.WithKey(fed.Staff);

        var patched = await staff.PatchJsonAsync(url, "{\"region\":\"03\",\"registryId\":null,\"ambassador\":true,\"sectorTables\":[\"microbrasseries\"]}");
        await Expect.Status(patched, HttpStatusCode.OK);

        foreach (var bad in new[] { "{\"status\":\"withdrawn\"}", "{\"type\":\"cooperative\"}", "{\"name\":null}", "{\"joinedOn\":\"2024-02-30\"}", "{\"region\":5}", "{", "{\"sectorTables\":[\"ghost\"]}" })
            await Expect.Problem(await staff.PatchJsonAsync(url, bad), HttpStatusCode.BadRequest);

        var member = await staff.GetJsonAsync(url);
        Assert.Equal("03", member.GetProperty("region").GetString());
        Assert.False(member.TryGetProperty("registryId", out _));
        Assert.Equal("microbrewery", member.GetProperty("sector").GetString());
        Assert.True(member.GetProperty("ambassador").GetBoolean());
        Assert.Equal("microbrasseries", member.GetProperty("sectorTables")[0].GetString());
        Assert.Equal("active", member.GetProperty("status").GetString());
        Assert.Contains("member.update", await app.AuditActionsAsync(fed));
    }

    [Fact]
    public async Task WithdrawalKeepsTheMemberAndItsHistory()
    {
        var fed = await app.NewFederationAsync();
        await app.AddMemberAsync(fed, Member("m1"));
        await app.AddActivityAsync(fed, "a1", "training", "2024-05-01");
        await app.RecordParticipantsAsync(fed, "a1", "m1");
        var staff = app.WithKey(fed.Staff);
        var withdraw = $"{Members(fed.TenantId)}/m1/withdraw";

        foreach (var bad in new[] { "{}", "{\"on\":\"2025-02-30\"}", "{\"on\":\"2019-12-31\"}", "{\"on\":42}", "{\"on\":\"2025-01-01\",\"status\":\"active\"}" })
            await Expect.Problem(await staff.PostJsonAsync(withdraw, bad), HttpStatusCode.BadRequest);
        var response = await staff.PostAsJsonAsync(withdraw, new { on = "2025-06-30" });
        await Expect.Status(response, HttpStatusCode.OK);
        await Expect.Problem(await staff.PostAsJsonAsync(withdraw, new { on = "2025-07-30" }), HttpStatusCode.Conflict);

        var member = await staff.GetJsonAsync($"{Members(fed.TenantId)}/m1");
        Assert.Equal("withdrawn", member.GetProperty("status").GetString());
        Assert.Equal("2025-06-30", member.GetProperty("withdrawnOn").GetString());
        Assert.Equal("a1", member.GetProperty("participations")[0].GetProperty("activityId").GetString());
    }

    [Fact]
    public async Task MemberRoutesOfATenantThatIsNoFederationAreNotFound()
    {
        var consortium = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("cons"), "consortium");
        await Expect.Problem(await app.WithKey(consortium.Staff).PostAsJsonAsync(Members(consortium.TenantId), Member("m1")), HttpStatusCode.NotFound);
        await Expect.Problem(await app.WithKey(consortium.Viewer).GetAsync(Members(consortium.TenantId)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SectorTablesAreValidatedAndListed()
    {
        var fed = await app.NewFederationAsync();
        var url = $"/api/v1/tenants/{fed.TenantId}/sector-tables";
        await Expect.Status(await app.WithKey(fed.Staff).PutAsJsonAsync($"{url}/communications", new { name = new { fr = "Table des communications", en = "Communications table" } }), HttpStatusCode.OK);
        await Expect.Problem(await app.WithKey(fed.Staff).PutJsonAsync($"{url}/x", "{\"name\":{\"fr\":\"a\"}}"), HttpStatusCode.BadRequest);
        await Expect.Problem(await app.WithKey(fed.Staff).PutJsonAsync($"{url}/x", "{}"), HttpStatusCode.BadRequest);
        await Expect.ClientError(await app.WithKey(fed.Staff).PutJsonAsync($"{url}/BAD", "{\"name\":{\"fr\":\"a\",\"en\":\"b\"}}"));

        var tables = await app.WithKey(fed.Viewer).GetJsonAsync(url);
        Assert.Equal(["communications"], tables.EnumerateArray().Select(t => t.GetProperty("id").GetString()));
    }

    private static string NextLink(string header)
    {
        Assert.EndsWith("rel=\"next\"", header);
        return header[(header.IndexOf('<') + 1)..header.IndexOf('>')];
    }
}
