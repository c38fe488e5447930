using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;
using static Platform.Host.Tests.Federations.FederationHttp;

namespace Platform.Host.Tests.Queries;

/// <summary>
/// Issue 12 §5, DOMAIN.md: a tenant whose languages are only French may give French alone in
/// every bilingual field; English then falls back to the French and the answer marks it
/// (<c>{"fr": …, "en": …, "enFallback": true}</c>). Every other tenant gives both, and is told which
/// field lacks its English.
/// </summary>
public sealed class BilingualFallbackTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private async Task<TenantKeys> FederationWithLanguagesAsync(params string[] languages)
    {
        var fed = await app.NewFederationAsync("lang");
        await Expect.Status(await app.WithKey(fed.Admin).PutAsJsonAsync($"/api/v1/tenants/{fed.TenantId}/federation",
            new { name = new { fr = "Réseau régional", en = "Regional network" }, kind = "regional", languages }), HttpStatusCode.OK);
        return fed;
    }

    private string Yesterday => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(-1).ToString("yyyy-MM-dd");

    [Fact]
    public async Task AFrenchOnlyTenantGivesFrenchAloneAndTheAnswerMarksTheFallback()
    {
        var fed = await FederationWithLanguagesAsync("fr");
        var created = await app.WithKey(fed.Staff).PostJsonAsync(Activities(fed.TenantId),
            $"{{\"id\":\"atelier\",\"kind\":\"training\",\"title\":{{\"fr\":\"Atelier de gouvernance\"}},\"on\":\"{Yesterday}\"}}");
        await Expect.Status(created, HttpStatusCode.Created);

        var read = await app.WithKey(fed.Viewer).GetJsonAsync($"{Activities(fed.TenantId)}/atelier");
        var title = read.GetProperty("title");
        Assert.Equal("Atelier de gouvernance", title.GetProperty("fr").GetString());
        Assert.Equal("Atelier de gouvernance", title.GetProperty("en").GetString());
        Assert.True(title.GetProperty("enFallback").GetBoolean());
        Assert.Equal(3, title.EnumerateObject().Count());

        // Nested texts too: a sector table, a programme's name and summary.
        await Expect.Status(await app.WithKey(fed.Staff).PutJsonAsync($"/api/v1/tenants/{fed.TenantId}/programmes/parcours",
            "{\"name\":{\"fr\":\"Parcours entrepreneurial\"},\"kind\":\"pathway\",\"summary\":{\"fr\":\"Pour démarrer une coopérative\",\"en\":\"To start a co-op\"}}"), HttpStatusCode.OK);
        var programme = (await app.WithKey(fed.Viewer).GetJsonAsync($"/api/v1/tenants/{fed.TenantId}/programmes")).EnumerateArray().Single();
        Assert.True(programme.GetProperty("name").GetProperty("enFallback").GetBoolean());
        Assert.False(programme.GetProperty("summary").TryGetProperty("enFallback", out _));
        Assert.Equal("To start a co-op", programme.GetProperty("summary").GetProperty("en").GetString());
    }

    [Fact]
    public async Task ATextInBothLanguagesCarriesNoMark()
    {
        var fed = await FederationWithLanguagesAsync("fr");
        await app.AddActivityAsync(fed, "both", "training", Yesterday);
        var title = (await app.WithKey(fed.Viewer).GetJsonAsync($"{Activities(fed.TenantId)}/both")).GetProperty("title");
        Assert.Equal(["fr", "en"], title.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("fr", "en")]
    [InlineData("en", "fr")]
    public async Task ATenantWritingInEnglishTooIsToldWhichFieldLacksItsEnglish(params string[] languages)
    {
        var fed = await FederationWithLanguagesAsync(languages);
        var response = await app.WithKey(fed.Staff).PostJsonAsync(Activities(fed.TenantId),
            $"{{\"id\":\"atelier\",\"kind\":\"training\",\"title\":{{\"fr\":\"Atelier\"}},\"on\":\"{Yesterday}\"}}");
        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("'title.en' is required", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("title.en", out _));
        Assert.Empty((await app.WithKey(fed.Viewer).GetJsonAsync(Activities(fed.TenantId))).EnumerateArray());
    }

    [Fact]
    public async Task AFederationThatHasNotChosenItsLanguagesGivesBoth()
    {
        var fed = await app.NewFederationAsync();
        var response = await app.WithKey(fed.Staff).PutJsonAsync($"/api/v1/tenants/{fed.TenantId}/sector-tables/t1", "{\"name\":{\"fr\":\"Table\"}}");
        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("'name.en' is required", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await app.WithKey(fed.Viewer).GetJsonAsync($"/api/v1/tenants/{fed.TenantId}/sector-tables")).EnumerateArray());
    }

    [Fact]
    public async Task AProfileSettingFrenchOnlyMayNameTheFederationInFrenchAlone()
    {
        var fed = await app.NewFederationAsync();
        var saved = await app.WithKey(fed.Admin).PutJsonAsync($"/api/v1/tenants/{fed.TenantId}/federation",
            "{\"name\":{\"fr\":\"Réseau des coopératives\"},\"kind\":\"provincial\",\"languages\":[\"fr\"]}");
        await Expect.Status(saved, HttpStatusCode.OK);
        var profile = await app.WithKey(fed.Viewer).GetJsonAsync($"/api/v1/tenants/{fed.TenantId}/federation");
        Assert.True(profile.GetProperty("name").GetProperty("enFallback").GetBoolean());
        Assert.Equal("Réseau des coopératives", profile.GetProperty("name").GetProperty("en").GetString());
    }

    [Fact]
    public async Task AFallbackSentBackUnchangedStaysAFallbackAndAnEditedEnglishIsRealEnglish()
    {
        var fed = await FederationWithLanguagesAsync("fr");
        var url = $"/api/v1/tenants/{fed.TenantId}/sector-tables/t1";
        await Expect.Status(await app.WithKey(fed.Staff).PutJsonAsync(url, "{\"name\":{\"fr\":\"Table agroalimentaire\"}}"), HttpStatusCode.OK);
        var read = (await app.WithKey(fed.Viewer).GetJsonAsync($"/api/v1/tenants/{fed.TenantId}/sector-tables")).EnumerateArray().Single();

        // Read, then sent back as read: still a fallback.
        await Expect.Status(await app.WithKey(fed.Staff).PutJsonAsync(url, $"{{\"name\":{read.GetProperty("name")}}}"), HttpStatusCode.OK);
        var again = (await app.WithKey(fed.Viewer).GetJsonAsync($"/api/v1/tenants/{fed.TenantId}/sector-tables")).EnumerateArray().Single();
        Assert.True(again.GetProperty("name").GetProperty("enFallback").GetBoolean());

        // The English edited, the flag left as read: the English is real now.
        await Expect.Status(await app.WithKey(fed.Staff).PutJsonAsync(url,
            "{\"name\":{\"fr\":\"Table agroalimentaire\",\"en\":\"Agri-food table\",\"enFallback\":true}}"), HttpStatusCode.OK);
        var edited = (await app.WithKey(fed.Viewer).GetJsonAsync($"/api/v1/tenants/{fed.TenantId}/sector-tables")).EnumerateArray().Single();
        Assert.Equal("Agri-food table", edited.GetProperty("name").GetProperty("en").GetString());
        Assert.False(edited.GetProperty("name").TryGetProperty("enFallback", out _));
    }

    [Theory]
    [InlineData("{\"name\":{\"en\":\"Only English\"}}", "name.fr", "Missing required field")]
    [InlineData("{\"name\":{\"fr\":\"a\",\"de\":\"b\"}}", "name.de", "is not a field of this request")]
    [InlineData("{\"name\":{\"fr\":\"a\",\"fr\":\"b\"}}", "name.fr", "more than once")]
    [InlineData("{\"name\":{\"fr\":null}}", "name.fr", "may not be null")]
    [InlineData("{\"name\":{\"fr\":3}}", "name.fr", "must be a text")]
    [InlineData("{\"name\":{\"fr\":\"a\",\"enFallback\":\"yes\"}}", "name.enFallback", "true or false")]
    [InlineData("{\"name\":\"Table\"}", "name", "{\"fr\": …, \"en\": …}")]
    public async Task ABilingualTextIsStillReadStrictly(string body, string field, string expected)
    {
        var fed = await FederationWithLanguagesAsync("fr");
        var response = await app.WithKey(fed.Staff).PutJsonAsync($"/api/v1/tenants/{fed.TenantId}/sector-tables/t1", body);
        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
        Assert.Empty((await app.WithKey(fed.Viewer).GetJsonAsync($"/api/v1/tenants/{fed.TenantId}/sector-tables")).EnumerateArray());
    }
}

/// <summary>Issue 12 §5: a consortium (or an organisation) sets its languages on its account, and then writes French alone.</summary>
public sealed class TenantLanguagesApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    [Fact]
    public async Task AFrenchOnlyConsortiumNamesItsFieldsInFrenchAlone()
    {
        var csp = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("csp"), "consortium");
        var url = $"/api/v1/tenants/{csp.TenantId}";
        // Before it says so, both languages.
        var refused = await Expect.Problem(await app.WithKey(csp.Admin).PutJsonAsync($"{url}/fields/events", "{\"name\":{\"fr\":\"Événements\"}}"), HttpStatusCode.BadRequest);
        Assert.StartsWith("'name.en' is required", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await Expect.Problem(await app.WithKey(csp.Staff).PutAsJsonAsync($"{url}/languages", new { languages = new[] { "fr" } }), HttpStatusCode.Forbidden);
        var saved = await app.WithKey(csp.Admin).PutAsJsonAsync($"{url}/languages", new { languages = new[] { "fr" } });
        await Expect.Status(saved, HttpStatusCode.OK);
        Assert.Equal(["fr"], (await app.WithKey(csp.Viewer).GetJsonAsync(url)).GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("tenant.languages", await app.AuditActionsAsync(csp));

        await Expect.Status(await app.WithKey(csp.Admin).PutJsonAsync($"{url}/fields/events", "{\"name\":{\"fr\":\"Événements\"}}"), HttpStatusCode.OK);
        var field = (await app.WithKey(csp.Viewer).GetJsonAsync($"{url}/fields")).EnumerateArray().Single();
        Assert.Equal("Événements", field.GetProperty("name").GetProperty("en").GetString());
        Assert.True(field.GetProperty("name").GetProperty("enFallback").GetBoolean());
    }

    [Fact]
    public async Task AFederationSetsItsLanguagesInItsProfileAndBadOnesAreRefused()
    {
        var fed = await app.NewFederationAsync();
        var conflict = await Expect.Problem(await app.WithKey(fed.Admin).PutAsJsonAsync($"/api/v1/tenants/{fed.TenantId}/languages", new { languages = new[] { "fr" } }), HttpStatusCode.Conflict);
        Assert.Contains("/federation", conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var org = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("org"), "organization");
        foreach (var body in new[] { "{\"languages\":[]}", "{\"languages\":[\"FR\"]}", "{\"languages\":[\"es\"]}", "{}" })
            await Expect.Problem(await app.WithKey(org.Admin).PutJsonAsync($"/api/v1/tenants/{org.TenantId}/languages", body), HttpStatusCode.BadRequest);
        Assert.False((await app.WithKey(org.Viewer).GetJsonAsync($"/api/v1/tenants/{org.TenantId}")).TryGetProperty("languages", out _));
    }
}
