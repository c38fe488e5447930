using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Platform.Web.Tests;

/// <summary>The admin pages of a federation: API keys, the audit log, people's roles.</summary>
public sealed class AdminWebTests(WebHost web) : IClassFixture<WebHost>
{
    private const string Federation = "reseau-coop";

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public async Task AnAdminCreatesAKeyShownOnceThatWorksUntilRevoked(string language)
    {
        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, Federation, "admin", "Camille Roy");
        if (language == "en") await page.SwitchLanguageAsync("en");
        await page.GotoAsync(web.Url($"/t/{Federation}/admin/keys"));
        await web.ShotBothWidthsAsync(page, $"keys-{language}", $"/t/{Federation}/admin/keys");

        var name = $"Site Web {language} {Guid.NewGuid():N}"[..20];
        await page.FillAsync("#key-name", name);
        await page.SelectOptionAsync("#key-role", "viewer");
        await page.ClickAsync("form button.primary");
        var secret = (await page.InnerTextAsync("#new-key")).Trim();
        Assert.StartsWith($"ick_{Federation}.", secret);
        await Assertions.Expect(page.Locator(".key-issued")).ToContainTextAsync(language == "fr" ? "une seule fois" : "this once only");
        await Shot(page, $"keys-issued-{language}-1280");

        // The key works against the API, with the role it was given.
        var client = web.Host.Client(secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/tenants/{Federation}/members?limit=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/v1/tenants/{Federation}/members", new { name = "x" })).StatusCode);

        // Shown once: the list has its name, never its secret again.
        await page.GotoAsync(web.Url($"/t/{Federation}/admin/keys"));
        Assert.DoesNotContain(secret, await page.ContentAsync());
        var row = page.Locator("#keys-table tr", new() { HasText = name });
        await Assertions.Expect(row).ToHaveCountAsync(1);

        // Revoked after a confirmation: refused from the next request on.
        await row.Locator("a.danger-link").ClickAsync();
        await Assertions.Expect(page.Locator("#revoke-confirm")).ToContainTextAsync(name);
        await Shot(page, $"keys-revoke-confirm-{language}-375");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/tenants/{Federation}/members?limit=1")).StatusCode);
        await page.ClickAsync("#revoke-confirm button.danger");
        await Assertions.Expect(page.Locator("#keys-table tr", new() { HasText = name })).ToContainTextAsync(language == "fr" ? "Révoquée" : "Revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/v1/tenants/{Federation}/members?limit=1")).StatusCode);
    }

    [Fact]
    public async Task TheAuditLogNamesThePersonAndTheKeyBehindEachChangeMonthByMonth()
    {
        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, Federation, "admin", "Noémie Lavoie");
        // A change made in the page by the person…
        await page.GotoAsync(web.Url($"/t/{Federation}/admin/keys"));
        await page.FillAsync("#key-name", "Tableur du rapport");
        await page.ClickAsync("form button.primary");
        var secret = (await page.InnerTextAsync("#new-key")).Trim();
        // …and one made over the API with the key it created (staff, so it may add a sector table).
        var admin = web.Host.Client(web.SeededKey(Federation));
        Assert.Equal(HttpStatusCode.OK, (await web.Host.Client(secret).PutAsJsonAsync($"/api/v1/tenants/{Federation}/sector-tables/table-audit",
            new { name = new { fr = "Table de l'audit", en = "Audit table" } })).StatusCode);

        await page.GotoAsync(web.Url($"/t/{Federation}/admin/audit"));
        await Assertions.Expect(page.Locator("#audit-table tr", new() { HasText = "Clé d'API créée" }).First.Locator(".audit-who")).ToHaveTextAsync("Noémie Lavoie");
        await Assertions.Expect(page.Locator("#audit-table tr", new() { HasText = "Table sectorielle enregistrée" }).First.Locator(".audit-who"))
            .ToHaveTextAsync("Clé d'API « Tableur du rapport »".Replace(" « ", " «\u00a0").Replace(" »", "\u00a0»"));
        var monthName = DateTime.UtcNow.ToString("MMMM yyyy", new System.Globalization.CultureInfo("fr-CA"));
        Assert.Equal(monthName, (await page.InnerTextAsync("#audit-month-name")).ToLowerInvariant());
        Assert.Equal(0, await page.Locator("#audit-next").CountAsync());
        await web.ShotBothWidthsAsync(page, "audit-fr", $"/t/{Federation}/admin/audit");

        // The same in English, then the previous month (nothing there for a world seeded today).
        await page.SwitchLanguageAsync("en");
        await Assertions.Expect(page.Locator("#audit-table tr", new() { HasText = "API key created" }).First.Locator(".audit-who")).ToHaveTextAsync("Noémie Lavoie");
        await web.ShotBothWidthsAsync(page, "audit-en", $"/t/{Federation}/admin/audit");
        await page.ClickAsync("#audit-previous");
        var previous = DateTime.UtcNow.AddMonths(-1);
        await page.WaitForURLAsync(web.Url($"/t/{Federation}/admin/audit?month={previous:yyyy-MM}"));
        await Assertions.Expect(page.Locator("#audit-month-name")).ToHaveTextAsync(previous.ToString("MMMM yyyy", new System.Globalization.CultureInfo("en-CA")));
        Assert.Equal(1, await page.Locator("#audit-next").CountAsync());
        var api = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/audit?month={previous:yyyy-MM}");
        Assert.Equal(api.GetProperty("entries").GetArrayLength(), await page.Locator("#audit-table tbody tr").CountAsync());
    }

    [Fact]
    public async Task AnAdminChangesAPersonsRoleOverTheApiAndInThePage()
    {
        var email = $"role-{Guid.NewGuid():N}@example.org";
        using var person = await web.NewPersonAsync(Federation, "viewer", email);
        Assert.DoesNotContain("id=\"add-member\"", (await person.GetAsync($"/t/{Federation}/members")).Body);
        var admin = web.Host.Client(web.SeededKey(Federation));
        var id = (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/people")).EnumerateArray()
            .Single(p => p.GetProperty("email").GetString() == email).GetProperty("id").GetString()!;

        // Bad input changes nothing; a staff key may not change roles.
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PatchAsJsonAsync($"/api/v1/tenants/{Federation}/people/{id}", new { role = "boss" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PatchAsJsonAsync($"/api/v1/tenants/{Federation}/people/{id}", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PatchAsJsonAsync($"/api/v1/tenants/{Federation}/people/nobody", new { role = "staff" })).StatusCode);
        var staffKey = await (await admin.PostAsJsonAsync($"/api/v1/tenants/{Federation}/keys", new { name = "accueil", role = "staff" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Forbidden, (await web.Host.Client(staffKey.GetProperty("key").GetString()).PatchAsJsonAsync($"/api/v1/tenants/{Federation}/people/{id}", new { role = "admin" })).StatusCode);
        Assert.DoesNotContain("id=\"add-member\"", (await person.GetAsync($"/t/{Federation}/members")).Body);

        // Over the API: staff from the person's next request on.
        var changed = await admin.PatchAsJsonAsync($"/api/v1/tenants/{Federation}/people/{id}", new { role = "staff" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("staff", (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());
        Assert.Contains("id=\"add-member\"", (await person.GetAsync($"/t/{Federation}/members")).Body);

        // In the page: back to viewer, and the admin cannot change its own role.
        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, Federation, "admin", "Jade Côté");
        await page.GotoAsync(web.Url($"/t/{Federation}/admin/people"));
        var row = page.Locator("#people-table tr", new() { HasText = email });
        await row.Locator("select").SelectOptionAsync("Viewer");
        await row.Locator("button", new() { HasText = "Changer" }).ClickAsync();
        await Assertions.Expect(page.Locator("#people-done")).ToContainTextAsync("consultation");
        Assert.Equal(0, await page.Locator("#people-table tr", new() { HasText = "Jade Côté" }).Locator("select").CountAsync());
        await web.ShotBothWidthsAsync(page, "people-roles-fr", $"/t/{Federation}/admin/people");
        Assert.DoesNotContain("id=\"add-member\"", (await person.GetAsync($"/t/{Federation}/members")).Body);
        await page.GotoAsync(web.Url($"/t/{Federation}/admin/audit"));
        await Assertions.Expect(page.Locator("#audit-table tr", new() { HasText = "Rôle modifié" }).First.Locator(".audit-who")).ToHaveTextAsync("Jade Côté");
        await page.SwitchLanguageAsync("en");
        await web.ShotBothWidthsAsync(page, "people-roles-en", $"/t/{Federation}/admin/people");
    }

    [Fact]
    public async Task StaffSeesNoAdminPagesAndAnotherTenantsAdminPagesAreNotFound()
    {
        using var staff = await web.NewPersonAsync(Federation, "staff");
        foreach (var path in new[] { "admin/keys", "admin/audit" })
            Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/t/{Federation}/{path}")).Status);
        Assert.DoesNotContain("/admin/keys", (await staff.GetAsync($"/t/{Federation}")).Body);
        // A forged key request from staff: the page does not open for them, nothing is issued.
        var before = (await web.Host.Client(web.SeededKey(Federation)).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/keys")).GetArrayLength();
        var (forged, _, _) = await staff.PostFormAsync($"/t/{Federation}/admin/keys", "issue", new Dictionary<string, string> { ["name"] = "pirate", ["role"] = "admin" });
        Assert.True(forged is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"forged post answered {forged}");
        Assert.Equal(before, (await web.Host.Client(web.SeededKey(Federation)).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/keys")).GetArrayLength());

        using var admin = await web.NewPersonAsync(Federation, "admin");
        foreach (var path in new[] { "admin/keys", "admin/audit" })
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/t/{Federation}/{path}")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/t/fcct/{path}")).Status);
        }
    }

    private static Task Shot(IPage page, string name) => WebTestKit.Shot(page, name);
}
