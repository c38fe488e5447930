using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Platform.Web.Tests;

/// <summary>
/// The public job board (<c>/emplois</c>, <c>/jobs</c>) as an anonymous visitor and a search engine
/// see it, against the real host and its seeded world: no sign-in, one language per address, and only
/// open postings whose apply-by day has not passed.
/// </summary>
public sealed class JobBoardWebTests(WebHost web) : IClassFixture<WebHost>
{
    private const string Organisation = "exeko";

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Today on the board's calendar (Quebec, a fixed UTC−5), computed, never hard-coded.</summary>
    private static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(-5)).DateTime);

    private async Task<JsonElement> SeededOpenPostingAsync()
    {
        var board = await web.Host.Client().GetFromJsonAsync<JsonElement>("/api/v1/postings");
        return board.EnumerateArray().First(p => p.GetProperty("tenantId").GetString() == "ctroc");
    }

    private async Task PutPostingAsync(string roleId, string fr, string en, string status, DateOnly? applyBy)
    {
        var admin = web.Host.Client(web.SeededKey(Organisation));
        var response = await admin.PutAsJsonAsync($"/api/v1/tenants/{Organisation}/roles/{roleId}", new
        {
            title = new { fr, en },
            conditions = new { hoursPerWeek = 21, salary = new { min = 24, max = 28, per = "hour" } },
            posting = new
            {
                status,
                applyBy = applyBy is { } d ? Iso(d) : null,
                description = new { fr = "Animer des ateliers.", en = "Lead workshops." },
                requirements = new[] { new { fr = "Aimer apprendre.", en = "Enjoy learning." } },
                howToApply = new { fr = "Écrire à l'équipe.", en = "Write to the team." },
                languages = new[] { "fr", "en" },
            },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AnonymousVisitorFindsTheSeededPostingOnEmploisInFrenchAndOnJobsInEnglish()
    {
        var seeded = await SeededOpenPostingAsync();
        var (tenantId, roleId) = (seeded.GetProperty("tenantId").GetString()!, seeded.GetProperty("roleId").GetString()!);
        var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(web.Url("/emplois"));
        Assert.Equal(200, response!.Status);
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("Offres d’emploi", await page.TitleAsync());
        Assert.False(string.IsNullOrWhiteSpace(await page.GetAttributeAsync("meta[name=description]", "content")));
        Assert.EndsWith("/jobs", await page.GetAttributeAsync("link[rel=alternate][hreflang=en-CA]", "href"));
        Assert.Equal(0, await page.Locator("nav.tabs").CountAsync());
        var frTitle = seeded.GetProperty("title").GetProperty("fr").GetString()!;
        await page.ClickAsync($"#job-list a:has-text('{frTitle}')");
        await page.WaitForURLAsync(web.Url($"/emplois/{tenantId}/{roleId}"));
        // Enhanced navigation updates the address before the page: wait for the heading itself.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(frTitle);
        Assert.Contains(seeded.GetProperty("howToApply").GetProperty("fr").GetString()!, await page.InnerTextAsync("#how-to-apply"));
        Assert.Contains(seeded.GetProperty("description").GetProperty("fr").GetString()!, await page.InnerTextAsync("#description"));
        Assert.True(await page.Locator("#requirements li").CountAsync() > 0);
        Assert.EndsWith($"/jobs/{tenantId}/{roleId}", await page.GetAttributeAsync("link[rel=alternate][hreflang=en-CA]", "href"));

        // The FR | EN link goes to the English address, which is English whatever the cookie says.
        await page.ClickAsync(".lang a[lang=en]");
        await page.WaitForURLAsync(web.Url($"/jobs/{tenantId}/{roleId}"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(seeded.GetProperty("title").GetProperty("en").GetString()!);
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains(seeded.GetProperty("howToApply").GetProperty("en").GetString()!, await page.InnerTextAsync("#how-to-apply"));
        await page.GotoAsync(web.Url("/jobs"));
        Assert.Equal("Jobs in the co-operative and community movement", await page.InnerTextAsync("h1"));
        Assert.Contains(seeded.GetProperty("title").GetProperty("en").GetString()!, await page.InnerTextAsync("#job-list"));

        await web.ShotBothWidthsAsync(page, "job-board-fr", "/emplois");
        await web.ShotBothWidthsAsync(page, "job-board-en", "/jobs");
        await web.ShotBothWidthsAsync(page, "job-posting-fr", $"/emplois/{tenantId}/{roleId}");
        await web.ShotBothWidthsAsync(page, "job-posting-en", $"/jobs/{tenantId}/{roleId}");
        await context.CloseAsync();
    }

    [Fact]
    public async Task TheBoardIsServerRenderedWithATitleADescriptionAndHreflangForSearchEngines()
    {
        using var robot = new HttpClient { BaseAddress = web.Host.BaseAddress };
        var seeded = await SeededOpenPostingAsync();
        // The server encodes non-ASCII characters as entities; a search engine reads them decoded.
        var french = System.Net.WebUtility.HtmlDecode(await robot.GetStringAsync("/emplois"));
        Assert.Contains("<html lang=\"fr\"", french);
        Assert.Contains(seeded.GetProperty("title").GetProperty("fr").GetString()!, french);
        Assert.Matches("<title>[^<]+</title>", french);
        Assert.Contains("<meta name=\"description\"", french);
        Assert.Contains("hreflang=\"en-CA\"", french);
        var english = System.Net.WebUtility.HtmlDecode(await robot.GetStringAsync($"/jobs/{seeded.GetProperty("tenantId").GetString()}/{seeded.GetProperty("roleId").GetString()}"));
        Assert.Contains("<html lang=\"en\"", english);
        Assert.Contains("\"@type\":\"JobPosting\"", english);
        Assert.Contains("hreflang=\"fr-CA\"", english);
    }

    [Fact]
    public async Task ExpiredAndClosedPostingsAreNotOnTheBoardAndTheirPagesAreGone()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (open, expired, closed) = ($"animation-{suffix}", $"expire-{suffix}", $"ferme-{suffix}");
        await PutPostingAsync(open, $"Animation {suffix}", $"Facilitator {suffix}", "open", Today.AddDays(10));
        await PutPostingAsync(expired, $"Expiré {suffix}", $"Expired {suffix}", "open", Today.AddDays(-1));
        await PutPostingAsync(closed, $"Fermé {suffix}", $"Closed {suffix}", "closed", Today.AddDays(10));

        using var visitor = new HttpClient { BaseAddress = web.Host.BaseAddress };
        foreach (var board in new[] { "/emplois", "/jobs" })
        {
            var html = System.Net.WebUtility.HtmlDecode(await visitor.GetStringAsync(board));
            Assert.Contains(board == "/jobs" ? $"Facilitator {suffix}" : $"Animation {suffix}", html);
            Assert.DoesNotContain(board == "/jobs" ? $"Expired {suffix}" : $"Expiré {suffix}", html);
            Assert.DoesNotContain(board == "/jobs" ? $"Closed {suffix}" : $"Fermé {suffix}", html);
        }
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/emplois/{Organisation}/{open}")).StatusCode);
        // A posting no longer listed answers 410 Gone with a page that says so.
        Assert.Equal(HttpStatusCode.Gone, (await visitor.GetAsync($"/emplois/{Organisation}/{expired}")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await visitor.GetAsync($"/jobs/{Organisation}/{closed}")).StatusCode);
        // Nor can the page be used to read what a tenant did not publish: an unpublished role, an unknown tenant.
        Assert.Equal(HttpStatusCode.Gone, (await visitor.GetAsync($"/jobs/{Organisation}/pas-publie")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await visitor.GetAsync("/jobs/personne/rien")).StatusCode);

        // The API says the same.
        var api = (await visitor.GetFromJsonAsync<JsonElement>("/api/v1/postings")).EnumerateArray().Select(p => p.GetProperty("roleId").GetString()).ToList();
        Assert.Contains(open, api);
        Assert.DoesNotContain(expired, api);
        Assert.DoesNotContain(closed, api);
        var gone = await visitor.GetAsync($"/jobs/{Organisation}/{expired}");
        Assert.Contains("no longer listed", System.Net.WebUtility.HtmlDecode(await gone.Content.ReadAsStringAsync()));
        Assert.DoesNotContain($"Expired {suffix}", System.Net.WebUtility.HtmlDecode(await gone.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task FiltersByRegionKindHoursAndLanguageNarrowTheBoard()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var roleId = $"atelier-{suffix}";
        await PutPostingAsync(roleId, $"Ateliers {suffix}", $"Workshops {suffix}", "open", Today.AddDays(5)); // 21 h, fr and en
        var seeded = await SeededOpenPostingAsync();                                                     // CTROC: 32 h, French only
        var seededTitle = seeded.GetProperty("title").GetProperty("fr").GetString()!;
        using var visitor = new HttpClient { BaseAddress = web.Host.BaseAddress };

        async Task<(bool Mine, bool Seeded)> ShownAsync(string query)
        {
            var html = System.Net.WebUtility.HtmlDecode(await visitor.GetStringAsync($"/emplois{query}"));
            return (html.Contains($"Ateliers {suffix}", StringComparison.Ordinal), html.Contains(seededTitle, StringComparison.Ordinal));
        }

        Assert.Equal((true, true), await ShownAsync(""));
        Assert.Equal((true, false), await ShownAsync("?hours=part-time"));
        Assert.Equal((false, true), await ShownAsync("?hours=full-time"));
        Assert.Equal((true, false), await ShownAsync("?language=en"));
        Assert.Equal((true, true), await ShownAsync("?language=fr"));
        Assert.Equal((true, false), await ShownAsync("?kind=organization"));
        Assert.Equal((false, true), await ShownAsync("?kind=federation"));
        Assert.Equal((false, true), await ShownAsync($"?region={Uri.EscapeDataString(seeded.GetProperty("region").GetString()!)}&kind=federation"));
        // An edited address with a value the form cannot make shows the whole board, not an error.
        Assert.Equal((true, true), await ShownAsync("?kind=nimporte&language=xx"));

        // The API takes the same filters and refuses values it does not know.
        var api = await visitor.GetFromJsonAsync<JsonElement>("/api/v1/postings?language=en&maxHoursPerWeek=29.99");
        Assert.Contains(roleId, api.EnumerateArray().Select(p => p.GetProperty("roleId").GetString()));
        Assert.DoesNotContain(seeded.GetProperty("roleId").GetString(), api.EnumerateArray().Select(p => p.GetProperty("roleId").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await visitor.GetAsync("/api/v1/postings?kind=cooperative")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await visitor.GetAsync("/api/v1/postings?language=de")).StatusCode);
    }
}
