using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Platform.Web.Tests;

/// <summary>
/// « Changements dans le réseau » on the network page (issue 12 §6): the confederation (ctroc) reads
/// that a federation joined and then left one of its regional groupings (troc-estrie), two levels
/// down; cqch, which belongs to no network, has none.
/// </summary>
public sealed class NetworkFeedWebTests(WebHost web) : IClassFixture<WebHost>
{
    private const string OperatorKey = "web-tests-operator-key-0123456789";
    private const string Grouping = "troc-estrie";

    [Fact]
    public async Task TheConfederationReadsThatAFederationJoinedAndLeftARegionalGroupingInBothLanguages()
    {
        var grouping = web.Host.Client(web.SeededKey(Grouping));
        // First one the grouping removes, then one that leaves of its own accord (the newest line).
        var (removed, removedKey) = await NewFederationAsync("Coopératives de l'Est", "Eastern co-ops");
        Assert.Equal(HttpStatusCode.Accepted, (await web.Host.Client(removedKey).PostAsJsonAsync($"/api/v1/tenants/{removed}/affiliations", new { parentId = Grouping })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await grouping.PostAsync($"/api/v1/tenants/{Grouping}/affiliates/{removed}/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await grouping.DeleteAsync($"/api/v1/tenants/{Grouping}/affiliates/{removed}")).StatusCode);
        var (newcomer, newcomerKey) = await NewFederationAsync("Regroupement des coopératives du Nord", "Northern co-op grouping");
        Assert.Equal(HttpStatusCode.Accepted, (await web.Host.Client(newcomerKey).PostAsJsonAsync($"/api/v1/tenants/{newcomer}/affiliations", new { parentId = Grouping })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await grouping.PostAsync($"/api/v1/tenants/{Grouping}/affiliates/{newcomer}/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await web.Host.Client(newcomerKey).DeleteAsync($"/api/v1/tenants/{newcomer}/affiliations/{Grouping}")).StatusCode);
        var feed = await web.Host.Client(web.SeededKey("ctroc")).GetFromJsonAsync<JsonElement>("/api/v1/tenants/ctroc/network/feed");
        var leftAt = feed.EnumerateArray().First().GetProperty("at").GetDateTimeOffset();

        var page = await web.SignedInPageAsync(await web.NewContextAsync(), "ctroc", "viewer");
        await page.GotoAsync(web.Url("/t/ctroc/network"));
        var lines = page.Locator("#feed-list li");
        var left = lines.Nth(0);
        var joined = lines.Nth(1);
        await Assertions.Expect(page.Locator("#h-feed")).ToHaveTextAsync("Changements dans le réseau");
        await Assertions.Expect(left).ToHaveAttributeAsync("data-kind", "left");
        await Assertions.Expect(left).ToHaveAttributeAsync("data-federation", newcomer);
        await Assertions.Expect(left.Locator(".feed-what")).ToHaveTextAsync("Regroupement des coopératives du Nord a quitté Regroupement régional des organismes communautaires — Estrie");
        await Assertions.Expect(left.Locator(".feed-level")).ToHaveTextAsync("(niveau 2)");
        await Assertions.Expect(left.Locator("time")).ToHaveTextAsync(FrenchDate(leftAt));
        await Assertions.Expect(left.Locator(".status")).ToHaveTextAsync("Départ");
        await Assertions.Expect(joined).ToHaveAttributeAsync("data-kind", "joined");
        await Assertions.Expect(joined.Locator(".feed-what")).ToHaveTextAsync("Regroupement des coopératives du Nord a rejoint Regroupement régional des organismes communautaires — Estrie");
        // The seeded regional groupings joined the confederation itself, one level down: « le réseau », not its own long name.
        var groupingJoined = page.Locator($"#feed-list li[data-federation={Grouping}][data-kind=joined]");
        await Assertions.Expect(groupingJoined.Locator(".feed-level")).ToHaveTextAsync("(niveau 1)");
        await Assertions.Expect(groupingJoined.Locator(".feed-what")).ToHaveTextAsync("Regroupement régional des organismes communautaires — Estrie a rejoint le réseau");
        await Assertions.Expect(left.Locator(".feed-what strong")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator($"#feed-list li[data-federation={removed}][data-kind=left] .feed-what"))
            .ToHaveTextAsync("Regroupement régional des organismes communautaires — Estrie a retiré Coopératives de l'Est de son réseau");
        // A viewer only reads the feed: nothing in it to change.
        Assert.Equal(0, await page.Locator("#feed form, #feed button").CountAsync());
        await web.ShotBothWidthsAsync(page, "network-feed-fr", "/t/ctroc/network");
        await AssertNoSidewaysScrollAt375Async(page, "/t/ctroc/network");

        await page.SwitchLanguageAsync("en");
        await Assertions.Expect(page.Locator("#h-feed")).ToHaveTextAsync("Changes in the network");
        await Assertions.Expect(left.Locator(".feed-what")).ToHaveTextAsync("Northern co-op grouping left Regional grouping of community organisations — Estrie");
        await Assertions.Expect(left.Locator(".feed-level")).ToHaveTextAsync("(level 2)");
        await Assertions.Expect(left.Locator("time")).ToHaveTextAsync(leftAt.ToLocalTime().ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-CA")));
        await Assertions.Expect(joined.Locator(".feed-what")).ToHaveTextAsync("Northern co-op grouping joined Regional grouping of community organisations — Estrie");
        await Assertions.Expect(page.Locator($"#feed-list li[data-federation={removed}][data-kind=left] .feed-what"))
            .ToHaveTextAsync("Regional grouping of community organisations — Estrie removed Eastern co-ops from its network");
        await web.ShotBothWidthsAsync(page, "network-feed-en", "/t/ctroc/network");

        // The grouping reads the same departure one level down; a federation outside the confederation reads nothing of it.
        var groupingPage = await web.SignedInPageAsync(await web.NewContextAsync(), Grouping, "viewer");
        await groupingPage.GotoAsync(web.Url($"/t/{Grouping}/network"));
        var leftTheGrouping = groupingPage.Locator($"#feed-list li[data-federation={newcomer}][data-kind=left]");
        await Assertions.Expect(leftTheGrouping.Locator(".feed-level")).ToHaveTextAsync("(niveau 1)");
        await Assertions.Expect(leftTheGrouping.Locator(".feed-what")).ToHaveTextAsync("Regroupement des coopératives du Nord a quitté le réseau");
        await Assertions.Expect(groupingPage.Locator($"#feed-list li[data-federation={removed}][data-kind=left] .feed-what"))
            .ToHaveTextAsync("Votre fédération a retiré Coopératives de l'Est du réseau");
        using var outsider = await web.NewPersonAsync("fcct", "viewer");
        var (status, body, _) = await outsider.GetAsync("/t/fcct/network");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"feed-list\"", body);
        Assert.DoesNotContain(newcomer, body);
        Assert.DoesNotContain(removed, body);
    }

    [Fact]
    public async Task AFederationOutsideAnyNetworkSeesTheEmptyStateAndAnotherTenantsFeedIsNotFound()
    {
        var page = await web.SignedInPageAsync(await web.NewContextAsync(), "cqch", "admin");
        await page.GotoAsync(web.Url("/t/cqch/network"));
        await Assertions.Expect(page.Locator("#feed-empty")).ToHaveTextAsync("Aucun changement pour l'instant\u00a0: aucune fédération n'a rejoint ni quitté le réseau.");
        Assert.Equal(0, await page.Locator("#feed-list").CountAsync());
        await web.ShotBothWidthsAsync(page, "network-feed-empty-fr", "/t/cqch/network");

        await page.SwitchLanguageAsync("en");
        await Assertions.Expect(page.Locator("#feed-empty")).ToHaveTextAsync("No changes yet: no federation has joined or left the network.");
        await web.ShotBothWidthsAsync(page, "network-feed-empty-en", "/t/cqch/network");

        // cqch's people read neither the confederation's network page nor its feed.
        using var viewer = await web.NewPersonAsync("cqch", "viewer");
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/t/ctroc/network")).Status);
    }

    /// <summary>« 1er décembre 2026 », « 15 décembre 2026 »: the first of the month is an ordinal in French.</summary>
    private static string FrenchDate(DateTimeOffset at)
    {
        var local = at.ToLocalTime();
        var french = CultureInfo.GetCultureInfo("fr-CA");
        return local.Day == 1 ? "1er " + local.ToString("MMMM yyyy", french) : local.ToString("d MMMM yyyy", french);
    }

    private async Task AssertNoSidewaysScrollAt375Async(IPage page, string path)
    {
        await page.SetViewportSizeAsync(375, 800);
        await page.GotoAsync(web.Url(path));
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"), $"{path} scrolls sideways at 375 px");
        await page.SetViewportSizeAsync(1280, 900);
    }

    private async Task<(string Id, string AdminKey)> NewFederationAsync(string fr, string en)
    {
        var id = $"fed-{Guid.NewGuid():N}"[..16];
        var response = await web.Host.Client(OperatorKey).PostAsJsonAsync("/api/v1/tenants",
            new { id, kind = "federation", name = new { fr, en } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (id, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("adminKey").GetString()!);
    }
}
