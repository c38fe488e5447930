using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Host.Tests.Federations;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Security;

/// <summary>
/// Issue 13 §3: one text rule for every text field — NUL and other control characters refused
/// everywhere, bidirectional controls refused in names and titles — and CSV exports that no
/// spreadsheet, splitting on ',' or ';', can turn into a formula.
/// </summary>
public sealed class CleanTextTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    public static readonly TheoryData<string> Hostile = ["\u0000", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\u202e", "\u202a", "\u2066", "\u2069"];

    /// <summary>Writes of every kind whose name or title carries <c>{X}</c>, on a federation and a consortium.</summary>
    private static IEnumerable<(string Method, string Url, string Body, string Key)> NameWrites(TenantKeys fed, TenantKeys consortium, string x)
    {
        var f = $"/api/v1/tenants/{fed.TenantId}";
        var c = $"/api/v1/tenants/{consortium.TenantId}";
        var l = Json(new { fr = $"Nom {x}", en = "Name" });
        yield return ("POST", "/api/v1/tenants", $"{{\"id\":\"{PlatformApp.NewTenantId()}\",\"kind\":\"federation\",\"name\":{l}}}", PlatformApp.OperatorKey);
        yield return ("POST", $"{f}/keys", $"{{\"name\":{Json($"key {x}")},\"role\":\"viewer\"}}", fed.Admin);
        yield return ("PUT", $"{f}/federation", $"{{\"name\":{l}}}", fed.Admin);
        yield return ("PUT", $"{f}/sector-tables/t1", $"{{\"name\":{l}}}", fed.Staff);
        yield return ("PUT", $"{f}/programmes/p1", $"{{\"name\":{l},\"kind\":\"pathway\"}}", fed.Staff);
        yield return ("POST", $"{f}/members", $"{{\"id\":\"m-x\",\"name\":{Json($"Coop {x}")},\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2024-01-10\"}}", fed.Staff);
        yield return ("PATCH", $"{f}/members/m1", $"{{\"name\":{Json($"Coop {x}")}}}", fed.Staff);
        yield return ("POST", $"{f}/activities", $"{{\"kind\":\"training\",\"title\":{l},\"on\":\"2026-01-10\"}}", fed.Staff);
        yield return ("PUT", $"{f}/roles/r1", $"{{\"title\":{l}}}", fed.Admin);
        yield return ("PUT", $"{f}/bodies/ca", $"{{\"kind\":\"board\",\"name\":{l},\"seats\":[{{\"id\":\"s1\",\"holder\":\"A\",\"voting\":true}}]}}", fed.Admin);
        yield return ("PUT", $"{f}/bodies/cb", $"{{\"kind\":\"board\",\"name\":{Json(new { fr = "CA", en = "Board" })},\"seats\":[{{\"id\":\"s1\",\"holder\":{Json($"A {x}")},\"voting\":true}}]}}", fed.Admin);
        yield return ("POST", $"{f}/bodies/ok/proposals", $"{{\"title\":{l},\"mode\":\"majority\"}}", fed.Staff);
        yield return ("PUT", $"{c}/fields/events", $"{{\"name\":{l}}}", consortium.Admin);
        yield return ("PUT", $"{c}/professionals/ana", $"{{\"name\":{Json($"Ana {x}")},\"fields\":[\"events\"],\"costRate\":45,\"weeklyCapacity\":35}}", consortium.Admin);
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private async Task<(TenantKeys Fed, TenantKeys Consortium)> WorldAsync()
    {
        var fed = await app.NewFederationAsync();
        var consortium = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("csp"), "consortium");
        await app.AddMemberAsync(fed, FederationHttp.Member("m1"));
        await Expect.Status(await app.WithKey(fed.Admin).PutAsJsonAsync($"/api/v1/tenants/{fed.TenantId}/bodies/ok",
            new { kind = "board", name = new { fr = "CA", en = "Board" }, seats = new[] { new { id = "s1", holder = "A", voting = true } } }), HttpStatusCode.OK);
        await Expect.Status(await app.WithKey(consortium.Admin).PutAsJsonAsync($"/api/v1/tenants/{consortium.TenantId}/fields/events",
            new { name = new { fr = "Événements", en = "Events" } }), HttpStatusCode.OK);
        return (fed, consortium);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task ControlAndBidiCharactersAreRefusedInEveryNameAndTitle(string x)
    {
        var (fed, consortium) = await WorldAsync();
        foreach (var (method, url, body, key) in NameWrites(fed, consortium, x))
        {
            var response = await app.WithKey(key).SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            });
            var problem = await Expect.Problem(response, HttpStatusCode.BadRequest);
            Assert.Contains("character", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // Nothing of it was stored.
        var member = await app.WithKey(fed.Viewer).GetJsonAsync($"/api/v1/tenants/{fed.TenantId}/members/m1");
        Assert.Equal("Coopérative m1", member.GetProperty("name").GetString());
        Assert.Single(await app.MemberIdsAsync(fed));
        var keys = await app.WithKey(fed.Admin).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{fed.TenantId}/keys");
        Assert.Equal(3, keys.GetArrayLength());
        var fields = await app.WithKey(consortium.Viewer).GetJsonAsync($"/api/v1/tenants/{consortium.TenantId}/fields");
        Assert.Equal("Événements", fields[0].GetProperty("name").GetProperty("fr").GetString());
        var activities = await app.WithKey(fed.Viewer).GetJsonAsync($"/api/v1/tenants/{fed.TenantId}/activities");
        Assert.Equal(0, activities.GetArrayLength());
    }

    [Fact]
    public async Task ControlCharactersAreRefusedInFreeTextAndQueriesToo()
    {
        var (fed, _) = await WorldAsync();
        var staff = app.WithKey(fed.Staff);
        var programme = $"/api/v1/tenants/{fed.TenantId}/programmes/p2";
        var refused = await staff.PutJsonAsync(programme, "{\"name\":{\"fr\":\"P\",\"en\":\"P\"},\"kind\":\"pathway\",\"summary\":{\"fr\":\"a\\u0000b\",\"en\":\"x\"}}");
        var problem = await Expect.Problem(refused, HttpStatusCode.BadRequest);
        Assert.Contains("'summary.fr'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Expect.Problem(await staff.PatchJsonAsync($"/api/v1/tenants/{fed.TenantId}/members/m1", "{\"sector\":\"micro\\u0008brewery\"}"), HttpStatusCode.BadRequest);
        await Expect.Problem(await app.WithKey(fed.Viewer).GetAsync($"/api/v1/tenants/{fed.TenantId}/members?region=0%006"), HttpStatusCode.BadRequest);

        // Free text keeps its line breaks and tabs, and may quote right-to-left text as it needs.
        await Expect.Status(await staff.PutJsonAsync(programme,
            "{\"name\":{\"fr\":\"P\",\"en\":\"P\"},\"kind\":\"pathway\",\"summary\":{\"fr\":\"ligne 1\\nligne 2\\tfin\",\"en\":\"line \\u2067שלום\\u2069\"}}"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task FrenchCallersReadTheRuleInFrench()
    {
        var (fed, _) = await WorldAsync();
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tenants/{fed.TenantId}/members/m1")
        {
            Content = new StringContent("{\"name\":\"Coop \\u202e\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fed.Staff);
        request.Headers.TryAddWithoutValidation("Accept-Language", "fr-CA");
        var problem = await Expect.Problem(await app.Anonymous().SendAsync(request), HttpStatusCode.BadRequest);
        Assert.StartsWith("« name » ne peut pas contenir de caractère de contrôle bidirectionnel (U+202E", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CsvCellsCannotStartAFormulaWhetherTheSpreadsheetSplitsOnCommasOrSemicolons()
    {
        var fed = await app.NewFederationAsync();
        string[] names = [";=cmd|' /C calc'!A0", "Coop;=HYPERLINK(\"http://x\")", "A, -2+3", "B;@SUM(A1)", "C; +1", "D;\"=1\"", "=SUM(A1)", "-E", "Coop, ordinaire; normale"];
        for (var i = 0; i < names.Length; i++)
            await app.AddMemberAsync(fed, new { id = $"m{i}", name = names[i], type = "worker", region = "06", joinedOn = "2020-01-01" });

        var response = await app.WithKey(fed.Viewer).GetAsync($"{FederationHttp.Members(fed.TenantId)}?format=csv");
        await Expect.Status(response, HttpStatusCode.OK);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(names.Length + 1, lines.Length);
        foreach (var line in lines.Skip(1))
            foreach (var separator in new[] { ',', ';' })
                foreach (var cell in line.Split(separator))
                {
                    var shown = cell.TrimStart(' ', '"');
                    Assert.False(shown.Length > 0 && "=+-@".Contains(shown[0]), $"'{cell}' starts a formula when split on '{separator}': {line}");
                }
        // The text is kept, with an apostrophe where a cell would start.
        Assert.Contains("Coop, ordinaire; normale", string.Join('\n', lines), StringComparison.Ordinal);
        Assert.Contains(";'=cmd", lines.Single(l => l.StartsWith("m0,", StringComparison.Ordinal)), StringComparison.Ordinal);
    }
}
