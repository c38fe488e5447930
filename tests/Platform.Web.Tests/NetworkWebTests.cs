using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Platform.Web.Tests;

/// <summary>
/// The network page against the seeded world: the confederation (ctroc) and its regional
/// groupings, the national federation (fcct) with Réseau COOP, and cqch, which belongs to no network.
/// </summary>
public sealed class NetworkWebTests(WebHost web) : IClassFixture<WebHost>
{
    private const string OperatorKey = "web-tests-operator-key-0123456789";

    [Fact]
    public async Task AFederationAsksToJoinAndTheParentAcceptsOneRequestAndDeclinesAnother()
    {
        // A second requester: a federation made by the operator, asking over the API with its own admin key.
        var (newcomer, newcomerKey) = await NewFederationAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await web.Host.Client(newcomerKey).PostAsJsonAsync($"/api/v1/tenants/{newcomer}/affiliations", new { parentId = "ctroc" })).StatusCode);

        // cqch's admin asks in the page (French).
        var context = await web.NewContextAsync();
        var cqch = await web.SignedInPageAsync(context, "cqch", "admin", "Léa Bouchard");
        await cqch.GotoAsync(web.Url("/t/cqch/network"));
        await Assertions.Expect(cqch.Locator("nav.tabs a[aria-current=page]")).ToHaveTextAsync("Réseau");
        await Assertions.Expect(cqch.Locator("#no-parent")).ToBeVisibleAsync();
        await web.ShotBothWidthsAsync(cqch, "network-request-fr", "/t/cqch/network");
        await cqch.SelectOptionAsync("#parent-id", "ctroc");
        await cqch.ClickAsync("#request-form button[type=submit]");
        await Assertions.Expect(cqch.Locator("#network-done")).ToContainTextAsync("Demande envoyée");
        await Assertions.Expect(cqch.Locator("[data-parent=ctroc]")).ToContainTextAsync("en attente");
        await web.ShotBothWidthsAsync(cqch, "network-pending-fr", "/t/cqch/network");
        Assert.Equal("pending", (await Affiliations("cqch")).EnumerateArray().Single(a => a.GetProperty("parentId").GetString() == "ctroc").GetProperty("status").GetString());

        // The confederation's admin sees both requests; accepts cqch in French…
        // Its own browser: a context keeps one session cookie.
        var ctroc = await web.SignedInPageAsync(await web.NewContextAsync(), "ctroc", "admin", "Mathieu Gagné");
        await ctroc.GotoAsync(web.Url("/t/ctroc/network"));
        await Assertions.Expect(ctroc.Locator("#request-list li")).ToHaveCountAsync(2);
        await web.ShotBothWidthsAsync(ctroc, "network-requests-fr", "/t/ctroc/network");
        await ctroc.ClickAsync("[data-child=cqch] button.primary");
        await Assertions.Expect(ctroc.Locator("#network-done")).ToContainTextAsync("fait maintenant partie du réseau");
        Assert.Equal("accepted", (await Affiliations("cqch")).EnumerateArray().Single(a => a.GetProperty("parentId").GetString() == "ctroc").GetProperty("status").GetString());

        // …and declines the other in English.
        await ctroc.SwitchLanguageAsync("en");
        await web.ShotBothWidthsAsync(ctroc, "network-requests-en", "/t/ctroc/network");
        await ctroc.ClickAsync($"[data-child={newcomer}] button.danger");
        await Assertions.Expect(ctroc.Locator("#network-done")).ToContainTextAsync("is declined");
        await Assertions.Expect(ctroc.Locator("#no-requests")).ToBeVisibleAsync();
        Assert.Empty((await Affiliations(newcomer, newcomerKey)).EnumerateArray());
        // Declined, not affiliated: the newcomer may ask again.
        Assert.Equal(HttpStatusCode.Accepted, (await web.Host.Client(newcomerKey).PostAsJsonAsync($"/api/v1/tenants/{newcomer}/affiliations", new { parentId = "ctroc" })).StatusCode);

        // The audit log names the person who accepted and declined.
        await ctroc.GotoAsync(web.Url("/t/ctroc/admin/audit"));
        var accept = ctroc.Locator("#audit-table tr", new() { HasText = "Affiliate accepted" });
        await Assertions.Expect(accept.Locator(".audit-who")).ToHaveTextAsync("Mathieu Gagné");
        await Assertions.Expect(ctroc.Locator("#audit-table tr", new() { HasText = "Affiliation request declined" }).Locator(".audit-who")).ToHaveTextAsync("Mathieu Gagné");

        // cqch, now affiliated, leaves in English after confirming.
        await cqch.SwitchLanguageAsync("en");
        await cqch.GotoAsync(web.Url("/t/cqch/network"));
        await Assertions.Expect(cqch.Locator("[data-parent=ctroc]")).ToContainTextAsync("Affiliated to");
        await cqch.ClickAsync("[data-parent=ctroc] a.button");
        await Assertions.Expect(cqch.Locator("#leave-confirm")).ToBeVisibleAsync();
        Assert.Equal("accepted", (await Affiliations("cqch")).EnumerateArray().Single().GetProperty("status").GetString());
        await cqch.ClickAsync("#leave-confirm button[type=submit]");
        await Assertions.Expect(cqch.Locator("#no-parent")).ToBeVisibleAsync();
        Assert.Empty((await Affiliations("cqch")).EnumerateArray());
    }

    [Fact]
    public async Task NetworkStatisticsShowChartsAndSmallCellsAsLessThanFiveWithTheReason()
    {
        var api = await web.Host.Client(web.SeededKey("fcct")).GetFromJsonAsync<JsonElement>(
            $"/api/v1/tenants/fcct/network/statistics?from={DateTime.UtcNow.Year}-01-01&to={DateTime.UtcNow.Year}-12-31");
        var suppressed = api.GetProperty("suppressed").EnumerateArray().Select(s => s.GetString()!["selfIdentification.".Length..]).ToList();
        Assert.NotEmpty(suppressed);

        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, "fcct", "viewer");
        await page.GotoAsync(web.Url("/t/fcct/network"));
        Assert.Equal($"{api.GetProperty("members").GetProperty("active").GetInt32()}", (await page.InnerTextAsync("#net-active .value")).Replace("\u00a0", "").Replace("\u202f", ""));
        await Assertions.Expect(page.Locator("#affiliate-list")).ToContainTextAsync("Réseau COOP");
        // Bars of the network's members by region, one per region the API counts (the twelve largest).
        var regions = api.GetProperty("members").GetProperty("byRegion").EnumerateObject().Count(r => r.Value.GetInt32() > 0);
        await Assertions.Expect(page.Locator("section[aria-labelledby=h-net-region] .bar")).ToHaveCountAsync(Math.Min(12, regions));
        await Assertions.Expect(page.Locator("#self-id-table .suppressed-cell")).ToHaveCountAsync(suppressed.Count);
        Assert.Equal("« < 5 »", (await page.Locator("#self-id-table .suppressed-cell").First.InnerTextAsync()).Replace('\u00a0', ' '));
        await Assertions.Expect(page.Locator("#suppression-note")).ToContainTextAsync("vie privée");
        // A viewer reads the network; it neither asks to join nor answers requests.
        Assert.Equal(0, await page.Locator("#request-form").CountAsync());
        await web.ShotBothWidthsAsync(page, "network-statistics-fr", "/t/fcct/network");

        await page.SwitchLanguageAsync("en");
        await Assertions.Expect(page.Locator("#suppression-note")).ToContainTextAsync("privacy");
        Assert.Equal("« < 5 »", (await page.Locator("#self-id-table .suppressed-cell").First.InnerTextAsync()).Replace('\u00a0', ' '));
        await web.ShotBothWidthsAsync(page, "network-statistics-en", "/t/fcct/network");

        // Self-identification only for a whole calendar year: all time says why it is not there.
        await page.GotoAsync(web.Url("/t/fcct/network?period=all"));
        await Assertions.Expect(page.Locator("#self-id-year-only")).ToBeVisibleAsync();
        // All time holds every join: the joins-by-month chart is drawn.
        await Assertions.Expect(page.Locator("section[aria-labelledby=h-net-joined] svg").First).ToBeVisibleAsync();
        await web.ShotBothWidthsAsync(page, "network-all-time-en", "/t/fcct/network?period=all");
        Assert.Equal(0, await page.Locator(".suppressed-cell").CountAsync());
    }

    [Fact]
    public async Task AViewersForgedRequestIsRefusedAndAnotherTenantsNetworkIsNotFound()
    {
        using var viewer = await web.NewPersonAsync("cqch", "viewer");
        var (status, body, _) = await viewer.GetAsync("/t/cqch/network");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("request-form", body);

        var (forged, _, _) = await viewer.PostFormAsync("/t/cqch/network", "request", new Dictionary<string, string> { ["parentId"] = "fcct" });
        Assert.True(forged is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"forged post answered {forged}");
        Assert.DoesNotContain((await Affiliations("cqch")).EnumerateArray(), a => a.GetProperty("parentId").GetString() == "fcct");

        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/t/ctroc/network")).Status);
        // The network page is a federation's: the consortium has none.
        using var consortium = await web.NewPersonAsync("consortium", "admin");
        Assert.Equal(HttpStatusCode.NotFound, (await consortium.GetAsync("/t/consortium/network")).Status);
    }

    private async Task<JsonElement> Affiliations(string tenantId, string? adminKey = null) =>
        await web.Host.Client(adminKey ?? web.SeededKey(tenantId)).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenantId}/affiliations");

    private async Task<(string Id, string AdminKey)> NewFederationAsync()
    {
        var id = $"fed-{Guid.NewGuid():N}"[..16];
        var response = await web.Host.Client(OperatorKey).PostAsJsonAsync("/api/v1/tenants",
            new { id, kind = "federation", name = new { fr = "Regroupement des coopératives du Nord", en = "Northern co-op grouping" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (id, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("adminKey").GetString()!);
    }
}
