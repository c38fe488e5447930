using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Platform.Web.Tests;

/// <summary>
/// A board secretary corrects a meeting's agenda in the browser (CTROC's seeded board): fixes an item's
/// title and proposal, moves an item up, removes one added by mistake; then the minutes freeze it.
/// Each test calls its own meeting, so the tests do not depend on each other.
/// </summary>
public sealed class AgendaWebTests(WebHost web) : IClassFixture<WebHost>
{
    private const string Tenant = "ctroc";
    private const string Board = "conseil";
    private static string BoardApi => $"/api/v1/tenants/{Tenant}/bodies/{Board}";

    private HttpClient Admin => web.Host.Client(web.SeededKey(Tenant));

    /// <summary>Today in the tenants' calendar (Eastern time as UTC−5), the day a meeting's roll and minutes open.</summary>
    private static string Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(-5)).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A meeting held today with three items, the second taking up a new proposal; returns (page path, API path, proposal id).</summary>
    private async Task<(string Page, string Api, string Proposal)> MeetingAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var opened = await Admin.PostAsJsonAsync($"{BoardApi}/proposals", new { title = new { fr = $"Adopter le budget {suffix}", en = $"Adopt the budget {suffix}" }, mode = "majority" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var proposal = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var id = $"m-agenda-{suffix}";
        var created = await Admin.PostAsJsonAsync($"{BoardApi}/meetings", new
        {
            id,
            on = Today,
            title = new { fr = "Réunion ordinaire du conseil", en = "Regular board meeting" },
            agenda = new object[]
            {
                new { title = new { fr = "Ouverture de la séance", en = "Opening of the meeting" } },
                new { title = new { fr = "Budjet de l'année", en = "The year's budjet" } },
                new { title = new { fr = "Point ajouté par erreur", en = "Item added by mistake" } },
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ($"/t/{Tenant}/governance/{Board}/meetings/{id}", $"{BoardApi}/meetings/{id}", proposal);
    }

    private async Task<string[]> StoredTitlesAsync(string api, string lang = "fr") =>
        (await Admin.GetFromJsonAsync<JsonElement>(api)).GetProperty("agenda").EnumerateArray()
            .Select(a => a.GetProperty("title").GetProperty(lang).GetString()!).ToArray();

    private static async Task<string[]> ShownTitlesAsync(IPage page) =>
        (await page.Locator("#agenda .gov-item-title").AllInnerTextsAsync()).Select(t => t.Trim()).ToArray();

    /// <summary>
    /// Screenshots at phone then desk width with a details element opened (the edit or remove form in
    /// place); leaves the page at 1280 px with it open, as the test found it.
    /// </summary>
    private async Task ShotOpenAsync(IPage page, string name, string path, string summary)
    {
        foreach (var width in new[] { 375, 1280 })
        {
            await page.SetViewportSizeAsync(width, width < 600 ? 800 : 900);
            Assert.Equal(200, (await page.GotoAsync(web.Url(path)))!.Status);
            await page.ClickAsync(summary);
            await WebTestKit.Shot(page, $"{name}-{width}");
        }
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public async Task TheSecretaryCorrectsMovesAndRemovesItemsUntilTheMinutesFreezeTheAgenda(string lang)
    {
        var (path, api, proposal) = await MeetingAsync();
        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, Tenant, "staff", "Jeanne Morin");
        if (lang == "en") await page.SwitchLanguageAsync("en");
        await page.GotoAsync(web.Url(path));
        Assert.Equal(0, await page.Locator("#agenda-up-1").CountAsync()); // the first item goes no higher
        Assert.Equal(0, await page.Locator("#agenda-down-3").CountAsync());

        // The typo in item 2, and the proposal it takes up.
        await ShotOpenAsync(page, $"gov-agenda-edit-{lang}", path, "#agenda-edit-2 summary");
        await page.FillAsync("#edit-fr-2", "Budget de l'année");
        await page.FillAsync("#edit-en-2", "The year's budget");
        await page.SelectOptionAsync("#edit-proposal-2", proposal);
        await page.ClickAsync("#agenda-edit-2 button[type=submit]");
        await Assertions.Expect(page.Locator("p.ok")).ToContainTextAsync(lang == "fr" ? "Le point 2 est corrigé." : "Item 2 is corrected.");
        await Assertions.Expect(page.Locator("#agenda-item-2 a")).ToHaveAttributeAsync("href", $"/t/{Tenant}/governance/{Board}/proposals/{proposal}");
        var stored = await Admin.GetFromJsonAsync<JsonElement>(api);
        Assert.Equal("The year's budget", stored.GetProperty("agenda")[1].GetProperty("title").GetProperty("en").GetString());
        Assert.Equal(proposal, stored.GetProperty("agenda")[1].GetProperty("proposal").GetString());

        // The budget goes first after the opening's place: item 2 up.
        await page.ClickAsync("#agenda-up-2");
        await Assertions.Expect(page.Locator("p.ok")).ToContainTextAsync(lang == "fr" ? "Le point 2 est maintenant le point 1." : "Item 2 is now item 1.");
        var opening = lang == "fr" ? "Ouverture de la séance" : "Opening of the meeting";
        var budget = lang == "fr" ? "Budget de l'année" : "The year's budget";
        var mistake = lang == "fr" ? "Point ajouté par erreur" : "Item added by mistake";
        Assert.Equal([budget, opening, mistake], await ShownTitlesAsync(page));
        Assert.Equal([budget, opening, mistake], await StoredTitlesAsync(api, lang));

        // The mistaken item: removing it asks first.
        await ShotOpenAsync(page, $"gov-agenda-remove-{lang}", path, "#agenda-remove-3 summary");
        await Assertions.Expect(page.Locator("#agenda-remove-3 p")).ToContainTextAsync(mistake);
        await page.ClickAsync("#agenda-remove-3 button[type=submit]");
        await Assertions.Expect(page.Locator("#agenda > li")).ToHaveCountAsync(2);
        Assert.Equal([budget, opening], await ShownTitlesAsync(page));
        Assert.Equal([budget, opening], await StoredTitlesAsync(api, lang));
        await web.ShotBothWidthsAsync(page, $"gov-agenda-{lang}", path);

        // Every change is in the audit log, by this person.
        var audit = (await Admin.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Tenant}/audit")).GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("target").GetString() == api[($"/api/v1/tenants/{Tenant}/").Length..])
            .Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("meeting.agenda.update", audit);
        Assert.Contains("meeting.agenda.move", audit);
        Assert.Contains("meeting.agenda.remove", audit);

        // The minutes are written: the agenda is what the meeting dealt with, and no control is left.
        await page.FillAsync("#minutes-fr", "Le conseil adopte le budget.");
        await page.ClickAsync("#minutes-form button[type=submit]");
        await Assertions.Expect(page.Locator("#agenda-frozen")).ToBeVisibleAsync();
        foreach (var control in new[] { "#agenda-edit-1", "#agenda-remove-1", "#agenda-down-1", "#agenda-form" })
            Assert.Equal(0, await page.Locator(control).CountAsync());
        await web.ShotBothWidthsAsync(page, $"gov-agenda-frozen-{lang}", path);
        await context.CloseAsync();
    }

    [Fact]
    public async Task AViewerSeesNoAgendaControlsAndForgedOrStalePostsChangeNothing()
    {
        var (path, api, _) = await MeetingAsync();
        var before = await StoredTitlesAsync(api);
        using var viewer = await web.NewPersonAsync(Tenant, "viewer");
        var (status, html, _) = await viewer.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"agenda-item-3\"", html); // the agenda is shown, without its controls
        foreach (var control in new[] { "agenda-edit-", "agenda-remove-", "agenda-up-", "agenda-down-", "agenda-form" }) Assert.DoesNotContain(control, html);

        // Forms a viewer never saw, posted anyway: no handler runs (400), and the handlers check the role too (403).
        foreach (var (handler, fields) in new[]
        {
            ("agenda-remove-1", new Dictionary<string, string>()),
            ("agenda-down-1", new Dictionary<string, string>()),
            ("agenda-edit-1", new Dictionary<string, string> { ["titleFr"] = "Falsifié", ["titleEn"] = "Forged" }),
        })
        {
            var (forged, _, _) = await viewer.PostFormAsync(path, handler, fields);
            Assert.True(forged is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"forged {handler} answered {forged}");
        }

        // Staff on a page left open while the agenda changed: the post names item 1 as it was, and is refused.
        using var staff = await web.NewPersonAsync(Tenant, "staff");
        var (_, staffPage, _) = await staff.GetAsync(path);
        var shown = System.Text.RegularExpressions.Regex.Match(staffPage, "name=\"shown\" value=\"([0-9A-F]+)\"").Groups[1].Value;
        Assert.NotEmpty(shown);
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsJsonAsync($"{api}/agenda/3/move", new { to = 1 })).StatusCode);
        var moved = await StoredTitlesAsync(api);
        var (stale, staleBody, _) = await staff.PostFormAsync(path, "agenda-remove-1", new Dictionary<string, string> { ["shown"] = shown });
        Assert.Equal(HttpStatusCode.Conflict, stale);
        Assert.Contains("role=\"alert\"", staleBody);
        // Without the antiforgery token, even staff are refused.
        var (noToken, _, _) = await staff.PostFormAsync(path, "agenda-remove-1", new Dictionary<string, string>(), withToken: false);
        Assert.True((int)noToken is >= 400 and < 500, $"a post without a token answered {noToken}");

        Assert.Equal(moved, await StoredTitlesAsync(api));
        Assert.Equal(before.Length, moved.Length);
    }

    [Fact]
    public async Task APersonOfAnotherTenantGetsNotFoundOnTheMeetingAndCannotPostToIt()
    {
        var (path, api, _) = await MeetingAsync();
        var before = await StoredTitlesAsync(api);
        using var outsider = await web.NewPersonAsync("reseau-coop", "admin");
        var (status, html, _) = await outsider.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.DoesNotContain("agenda-item-", html);
        Assert.DoesNotContain("Point ajout", html);
        var (posted, _, _) = await outsider.PostFormAsync(path, "agenda-remove-1", new Dictionary<string, string>());
        Assert.True((int)posted is >= 400 and < 500, $"a foreign post answered {posted}");
        Assert.Equal(before, await StoredTitlesAsync(api));
    }
}
