using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Platform.Web.Tests;

/// <summary>
/// The roles tab in Chromium and over HTTP against the real host (seeded world): a co-director pairs
/// and unpairs roles on the chart, edits a role document, and the checks that keep it to its tenant
/// and to its admins.
/// </summary>
public sealed class RolesWebTests(WebHost web) : IClassFixture<WebHost>
{
    private const string Network = "reseau-coop";
    private const string Confederation = "ctroc";

    private HttpClient Admin(string tenantId) => web.Host.Client(web.SeededKey(tenantId));

    private async Task<JsonElement> RoleAsync(string tenantId, string roleId) =>
        await Admin(tenantId).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenantId}/roles/{roleId}");

    private static string? PartnerOf(JsonElement role) => role.TryGetProperty("pairedWith", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private async Task PutRoleAsync(string tenantId, string roleId, object document) =>
        Assert.Equal(HttpStatusCode.OK, (await Admin(tenantId).PutAsJsonAsync($"/api/v1/tenants/{tenantId}/roles/{roleId}", document)).StatusCode);

    /// <summary>Two new unpaired roles reporting to the board, with unique ids.</summary>
    private async Task<(string First, string Second)> TwoRolesAsync(string tenantId)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (first, second) = ($"coordination-a-{suffix}", $"coordination-b-{suffix}");
        await PutRoleAsync(tenantId, first, new { title = new { fr = $"Coordination générale {suffix}", en = $"General coordinator {suffix}" }, reportsTo = "board" });
        await PutRoleAsync(tenantId, second, new { title = new { fr = $"Coordination vie associative {suffix}", en = $"Member-life coordinator {suffix}" }, reportsTo = "board" });
        return (first, second);
    }

    [Fact]
    public async Task CoDirectorPairsTwoRolesOnTheChartInFrenchAndUnpairsThemInEnglish()
    {
        var (first, second) = await TwoRolesAsync(Network);
        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, Network, "admin", "Dominique Roy");

        await page.GotoAsync(web.Url($"/t/{Network}/chart"));
        Assert.Equal("Organigramme", await page.InnerTextAsync("main h1"));
        Assert.Equal(0, await page.Locator($".binome[data-pair='{first} {second}']").CountAsync());
        await page.SelectOptionAsync("#pair-first", first);
        await page.SelectOptionAsync("#pair-second", second);
        await page.ClickAsync("#chart-pair-form button[type=submit]");

        await Assertions.Expect(page.Locator($".binome[data-pair='{first} {second}']")).ToBeVisibleAsync();
        Assert.Contains("Le binôme est formé", await page.InnerTextAsync("[role=status]"));
        Assert.Equal(second, PartnerOf(await RoleAsync(Network, first)));
        Assert.Equal(first, PartnerOf(await RoleAsync(Network, second)));
        await web.ShotBothWidthsAsync(page, "roles-chart-fr", $"/t/{Network}/chart");

        // The role page names its co-role, in the page's language.
        await page.GotoAsync(web.Url($"/t/{Network}/roles/{second}"));
        Assert.Contains("Coordination générale", await page.InnerTextAsync("#binome"));

        await page.GotoAsync(web.Url($"/t/{Network}/chart"));
        await page.SwitchLanguageAsync("en");
        Assert.Equal("Organisation chart", await page.InnerTextAsync("main h1"));
        await page.ClickAsync($".binome[data-pair='{first} {second}'] button[type=submit]");
        await Assertions.Expect(page.Locator($".binome[data-pair='{first} {second}']")).ToHaveCountAsync(0);
        Assert.Contains("The pair is undone", await page.InnerTextAsync("[role=status]"));
        Assert.Null(PartnerOf(await RoleAsync(Network, first)));
        Assert.Null(PartnerOf(await RoleAsync(Network, second)));
        await web.ShotBothWidthsAsync(page, "roles-chart-en", $"/t/{Network}/chart");

        // Pairing from the role page, in English this time; both sides change.
        await page.GotoAsync(web.Url($"/t/{Network}/roles/{first}"));
        await page.SelectOptionAsync("#pair-with", second);
        await page.ClickAsync("#pair-form button[type=submit]");
        await Assertions.Expect(page.Locator("#binome")).ToContainTextAsync("Member-life coordinator");
        Assert.Equal(first, PartnerOf(await RoleAsync(Network, second)));

        var audit = await Admin(Network).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Network}/audit");
        var actions = audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("role.pair", actions);
        Assert.Contains("role.unpair", actions);
        await context.CloseAsync();
    }

    [Fact]
    public async Task CoDirectorEditsARoleDocumentInBothLanguagesSideBySide()
    {
        var roles = await Admin(Confederation).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Confederation}/roles");
        var roleId = roles.EnumerateArray().First(r => r.TryGetProperty("postingStatus", out var s) && s.GetString() == "open").GetProperty("id").GetString()!;
        // A successor who starts two weeks before the outgoing holder leaves: a handover.
        var outgoing = (await RoleAsync(Confederation, roleId)).GetProperty("holders").EnumerateArray().Last();
        var leaves = DateOnly.Parse(outgoing.GetProperty("to").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.OK, (await Admin(Confederation).PostAsJsonAsync($"/api/v1/tenants/{Confederation}/roles/{roleId}/holders",
            new { name = "Sam Gagnon", from = leaves.AddDays(-14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) })).StatusCode);
        var before = await RoleAsync(Confederation, roleId);
        var objectivesBefore = before.GetProperty("objectives").GetArrayLength();

        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, Confederation, "admin", "Camille Fortin");
        await page.GotoAsync(web.Url($"/t/{Confederation}/roles/{roleId}"));
        // The document reads in both languages side by side; competencies grouped by level.
        Assert.Equal(before.GetProperty("title").GetProperty("fr").GetString(), await page.InnerTextAsync("main h1"));
        Assert.Contains(before.GetProperty("purpose").GetProperty("en").GetString()!, await page.InnerTextAsync("#h-purpose + .bilingual [lang=en]"));
        Assert.True(await page.Locator("#level-essential li").CountAsync() > 0);
        Assert.Contains($"Transition avec {outgoing.GetProperty("name").GetString()}", await page.InnerTextAsync("#holders .handover"));
        await web.ShotBothWidthsAsync(page, "role-fr", $"/t/{Confederation}/roles/{roleId}");

        await page.ClickAsync("#edit-role");
        await page.WaitForURLAsync(web.Url($"/t/{Confederation}/roles/{roleId}/edit"));
        await web.ShotBothWidthsAsync(page, "role-edit-fr", $"/t/{Confederation}/roles/{roleId}/edit");
        await page.FillAsync("#objectives-fr", await page.InputValueAsync("#objectives-fr") + "\nTisser des alliances régionales.");
        await page.FillAsync("#objectives-en", await page.InputValueAsync("#objectives-en") + "\nBuild regional alliances.");
        await page.FillAsync("#hours", "30");
        await page.ClickAsync("#save-role");
        await page.WaitForURLAsync(web.Url($"/t/{Confederation}/roles/{roleId}?saved=1"));
        Assert.Contains("enregistrée", await page.InnerTextAsync("[role=status]"));
        Assert.Contains("Build regional alliances.", await page.InnerTextAsync("main"));

        var after = await RoleAsync(Confederation, roleId);
        Assert.Equal(objectivesBefore + 1, after.GetProperty("objectives").GetArrayLength());
        Assert.Equal(30m, after.GetProperty("conditions").GetProperty("hoursPerWeek").GetDecimal());
        // What the form does not show is kept: competencies, holders and the posting's how-to-apply.
        Assert.Equal(before.GetProperty("competencies").GetArrayLength(), after.GetProperty("competencies").GetArrayLength());
        Assert.Equal(before.GetProperty("holders").GetArrayLength(), after.GetProperty("holders").GetArrayLength());
        Assert.Equal(before.GetProperty("posting").GetProperty("howToApply").GetProperty("en").GetString(),
            after.GetProperty("posting").GetProperty("howToApply").GetProperty("en").GetString());

        // In English: a French line without its English line is refused, in English, and nothing changes.
        await page.SwitchLanguageAsync("en");
        await web.ShotBothWidthsAsync(page, "role-en", $"/t/{Confederation}/roles/{roleId}");
        await page.GotoAsync(web.Url($"/t/{Confederation}/roles/{roleId}/edit"));
        await page.FillAsync("#objectives-fr", await page.InputValueAsync("#objectives-fr") + "\nUne ligne sans traduction.");
        await page.ClickAsync("#save-role");
        await Assertions.Expect(page.Locator("#role-errors")).ToContainTextAsync("line(s) in French");
        Assert.Equal(objectivesBefore + 1, (await RoleAsync(Confederation, roleId)).GetProperty("objectives").GetArrayLength());
        await WebTestKit.Shot(page, "role-edit-error-en-1280");
        await context.CloseAsync();
    }

    [Fact]
    public async Task PayScaleShowsTheApiFiguresAndPostingsOpenAndClose()
    {
        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, Confederation, "admin", "Camille Fortin");
        var scale = await Admin(Confederation).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Confederation}/pay-scale");
        await page.GotoAsync(web.Url($"/t/{Confederation}/pay-scale"));
        // The ratio reads as federations write it, « 1 : 1,19 » (no-break spaces around the colon).
        Assert.Equal("1\u00a0:\u00a0" + scale.GetProperty("ratio").GetDecimal().ToString("0.##", new System.Globalization.CultureInfo("fr-CA")), await page.InnerTextAsync("#fig-ratio .value"));
        var line = scale.GetProperty("roles")[0];
        var row = await page.InnerTextAsync($"#pay-{line.GetProperty("id").GetString()}");
        Assert.Contains(line.GetProperty("hourlyMin").GetDecimal().ToString("C2", new System.Globalization.CultureInfo("fr-CA")), row);
        Assert.Contains(line.GetProperty("annualMax").GetDecimal().ToString("C2", new System.Globalization.CultureInfo("fr-CA")), row);
        Assert.Contains("35", await page.InnerTextAsync("#annual-means"));
        await web.ShotBothWidthsAsync(page, "pay-scale-fr", $"/t/{Confederation}/pay-scale");
        await web.ShotBothWidthsAsync(page, "postings-fr", $"/t/{Confederation}/postings");

        // A new open posting, then closed from the postings page: it leaves the public board.
        var roleId = $"agent-{Guid.NewGuid().ToString("N")[..6]}";
        await PutRoleAsync(Confederation, roleId, new
        {
            title = new { fr = "Agent·e de liaison", en = "Liaison officer" },
            reportsTo = "board",
            posting = new { status = "draft", howToApply = new { fr = "Écrire.", en = "Write." } },
        });
        await page.GotoAsync(web.Url($"/t/{Confederation}/postings"));
        await page.ClickAsync($"#posting-{roleId} button:has-text('Ouvrir')");
        await Assertions.Expect(page.Locator($"#posting-{roleId} .status")).ToHaveTextAsync("Ouvert");
        Assert.Contains(await PublicRoleIdsAsync(), id => id == roleId);

        await page.SwitchLanguageAsync("en");
        await page.ClickAsync($"#posting-{roleId} button:has-text('Close')");
        await Assertions.Expect(page.Locator($"#posting-{roleId} .status")).ToHaveTextAsync("Closed");
        Assert.DoesNotContain(await PublicRoleIdsAsync(), id => id == roleId);
        await web.ShotBothWidthsAsync(page, "pay-scale-en", $"/t/{Confederation}/pay-scale");
        await web.ShotBothWidthsAsync(page, "postings-en", $"/t/{Confederation}/postings");
        await context.CloseAsync();
    }

    private async Task<List<string?>> PublicRoleIdsAsync() =>
        (await web.Host.Client().GetFromJsonAsync<JsonElement>("/api/v1/postings")).EnumerateArray()
            .Where(p => p.GetProperty("tenantId").GetString() == Confederation).Select(p => p.GetProperty("roleId").GetString()).ToList();

    [Fact]
    public async Task APersonOfOneTenantCannotOpenAnothersRolePages()
    {
        using var person = await web.NewPersonAsync(Network, "admin");
        var roles = await Admin(Confederation).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Confederation}/roles");
        var foreignRole = roles[0].GetProperty("id").GetString();
        foreach (var path in new[] { $"/t/{Confederation}/roles", $"/t/{Confederation}/roles/{foreignRole}", $"/t/{Confederation}/roles/{foreignRole}/edit",
                     $"/t/{Confederation}/chart", $"/t/{Confederation}/pay-scale", $"/t/{Confederation}/postings" })
        {
            var (status, body, _) = await person.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.DoesNotContain(roles[0].GetProperty("title").GetProperty("fr").GetString()!, System.Net.WebUtility.HtmlDecode(body));
        }
        // Its own tenant's pages open; another tenant's role id there is simply not found.
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync($"/t/{Network}/roles")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await person.GetAsync($"/t/{Network}/roles/{foreignRole}")).Status);
    }

    [Fact]
    public async Task ViewerSeesNoEditControlsAndForgedPostsAreRefused()
    {
        var (first, second) = await TwoRolesAsync(Network);
        using var viewer = await web.NewPersonAsync(Network, "viewer");

        var (roleStatus, roleHtml, _) = await viewer.GetAsync($"/t/{Network}/roles/{first}");
        var roleBody = System.Net.WebUtility.HtmlDecode(roleHtml);
        Assert.Equal(HttpStatusCode.OK, roleStatus);
        Assert.Contains("Coordination générale", roleBody);
        Assert.DoesNotContain("id=\"edit-role\"", roleBody);
        Assert.DoesNotContain("pair-form", roleBody);
        var (chartStatus, chartBody, _) = await viewer.GetAsync($"/t/{Network}/chart");
        Assert.Equal(HttpStatusCode.OK, chartStatus);
        Assert.DoesNotContain("chart-pair-form", chartBody);
        var (rolesStatus, rolesBody, _) = await viewer.GetAsync($"/t/{Network}/roles");
        Assert.Equal(HttpStatusCode.OK, rolesStatus);
        Assert.DoesNotContain("new-role", rolesBody);
        // The edit page and the pay scale are for admins, as their API routes are.
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/t/{Network}/roles/{first}/edit")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/t/{Network}/pay-scale")).Status);

        var forged = new[]
        {
            await viewer.PostFormAsync($"/t/{Network}/chart", "chart-pair", new Dictionary<string, string> { ["PairInput.First"] = first, ["PairInput.Second"] = second }),
            await viewer.PostFormAsync($"/t/{Network}/roles/{first}", "pair", new Dictionary<string, string> { ["PairInput.With"] = second }),
            await viewer.PostFormAsync($"/t/{Network}/roles/{first}/edit", "role", new Dictionary<string, string> { ["Input.TitleFr"] = "Piraté", ["Input.TitleEn"] = "Hijacked" }),
            await viewer.PostFormAsync($"/t/{Network}/roles", "new-role", new Dictionary<string, string> { ["Input.Id"] = "intrus", ["Input.TitleFr"] = "Intrus", ["Input.TitleEn"] = "Intruder" }),
        };
        foreach (var (status, _, _) in forged)
            Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"forged post answered {status}");
        Assert.Null(PartnerOf(await RoleAsync(Network, first)));
        Assert.StartsWith("Coordination générale", (await RoleAsync(Network, first)).GetProperty("title").GetProperty("fr").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Admin(Network).GetAsync($"/api/v1/tenants/{Network}/roles/intrus")).StatusCode);

        // A staff member sees the forms' absence too, and the handler itself refuses (403) a post it receives.
        using var staff = await web.NewPersonAsync(Network, "staff");
        var (staffPost, _, _) = await staff.PostFormAsync($"/t/{Network}/chart", "chart-pair", new Dictionary<string, string> { ["PairInput.First"] = first, ["PairInput.Second"] = second });
        Assert.True(staffPost is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"staff post answered {staffPost}");
        Assert.Null(PartnerOf(await RoleAsync(Network, first)));
    }
}
