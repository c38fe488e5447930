using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Platform.Web.Tests;

/// <summary>
/// The contacts of a member on its page, and ambassadors counted as people on the dashboard
/// (issue 12 §4), in Chromium against the real seeded host, in French and English.
/// </summary>
public sealed class ContactsWebTests(WebHost web) : IClassFixture<WebHost>
{
    private const string Federation = "reseau-coop";

    private HttpClient Api => web.Host.Client(web.SeededKey(Federation));

    private async Task<string> MemberAsync(int index)
    {
        var members = await Api.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/members?status=active");
        return members[index].GetProperty("id").GetString()!;
    }

    private async Task<JsonElement[]> ContactsAsync(string memberId) =>
        (await Api.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/members/{memberId}/contacts")).EnumerateArray().ToArray();

    [Fact]
    public async Task StaffAddEditAndRemoveAContactInFrenchThenInEnglish()
    {
        var memberId = await MemberAsync(3);
        var before = (await ContactsAsync(memberId)).Length;
        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, Federation, "staff");
        var url = web.Url($"/t/{Federation}/members/{memberId}");
        await page.GotoAsync(url);

        Assert.Equal("Personnes-ressources", await page.InnerTextAsync("#h-contacts"));
        Assert.Equal("Ajouter une personne-ressource", await page.InnerTextAsync("#h-contact-form"));
        await page.FillAsync("#contact-name", "Rosalie Girard");
        await page.FillAsync("#contact-role", "Trésorerie");
        await page.FillAsync("#contact-email", "rosalie.girard@exemple.org");
        await page.FillAsync("#contact-phone", "418 555-0123");
        await page.CheckAsync("#contact-consent");
        await page.CheckAsync("#contact-ambassador");
        await page.ClickAsync("#contact-form button[type=submit]");
        await Assertions.Expect(page.Locator("#contacts p.ok")).ToContainTextAsync("Personne-ressource ajoutée\u00a0: Rosalie Girard.");
        var added = Assert.Single(await ContactsAsync(memberId), c => c.GetProperty("name").GetString() == "Rosalie Girard");
        Assert.True(added.GetProperty("ambassador").GetBoolean() && added.GetProperty("consentToContact").GetBoolean());
        Assert.Equal("fr", added.GetProperty("language").GetString());
        await web.ShotBothWidthsAsync(page, "contacts-fr", $"/t/{Federation}/members/{memberId}");

        // A bad address: said in French, nothing saved.
        await page.GotoAsync(url);
        await page.FillAsync("#contact-name", "Hugo Simard");
        await page.FillAsync("#contact-email", "hugo-arobase-exemple");
        await page.EvaluateAsync("document.querySelector('#contact-email').type = 'text'");
        await page.ClickAsync("#contact-form button[type=submit]");
        Assert.Contains("Vérifiez le champ «\u00a0Courriel\u00a0»", await page.InnerTextAsync("#contact-error"));
        Assert.Equal(before + 1, (await ContactsAsync(memberId)).Length);

        // In English: edit the new contact (language and consent), then remove it.
        await page.GotoAsync(url);
        await page.SwitchLanguageAsync("en");
        await Assertions.Expect(page.Locator("#h-contacts")).ToHaveTextAsync("Contacts");
        await page.ClickAsync("a[aria-label='Edit Rosalie Girard']");
        await Assertions.Expect(page.Locator("#h-contact-form")).ToHaveTextAsync("Edit “Rosalie Girard”");
        await Assertions.Expect(page.Locator("#contact-phone")).ToHaveValueAsync("418 555-0123");
        await page.SelectOptionAsync("#contact-language", "en");
        await page.UncheckAsync("#contact-consent");
        await page.ClickAsync("#contact-form button[type=submit]");
        await Assertions.Expect(page.Locator("#contacts p.ok")).ToContainTextAsync("Changes saved: Rosalie Girard.");
        var edited = Assert.Single(await ContactsAsync(memberId), c => c.GetProperty("name").GetString() == "Rosalie Girard");
        Assert.Equal(("en", false), (edited.GetProperty("language").GetString(), edited.GetProperty("consentToContact").GetBoolean()));
        await web.ShotBothWidthsAsync(page, "contacts-en", $"/t/{Federation}/members/{memberId}");

        await page.GotoAsync(url);
        await page.ClickAsync("button[aria-label='Remove Rosalie Girard from the contacts']");
        await Assertions.Expect(page.Locator("#contacts p.ok")).ToContainTextAsync("Contact removed: Rosalie Girard.");
        Assert.Equal(before, (await ContactsAsync(memberId)).Length);

        var audit = await Api.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/audit");
        var actions = audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        foreach (var action in new[] { "contact.add", "contact.update", "contact.remove" }) Assert.Contains(action, actions);
        await context.CloseAsync();
    }

    [Fact]
    public async Task TheDashboardShowsAmbassadorsAsPeopleAndTheirOrganisationsInBothLanguages()
    {
        var statistics = await Api.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/statistics");
        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, Federation, "viewer");

        // The default view is the report year ending today: the seeded year, 114 of 125 co-ops, 91 %.
        Assert.Matches("^91[\\s\u202f]%$", await page.InnerTextAsync("#fig-rate .value"));
        Assert.Contains("114 membres sur 125", await page.InnerTextAsync("#fig-rate .detail"));
        await page.GotoAsync(web.Url($"/t/{Federation}?period=all"));
        Assert.Equal($"{statistics.GetProperty("ambassadorPeople").GetInt32()}", await page.InnerTextAsync("#fig-ambassadors .value"));
        Assert.Equal($"dans {statistics.GetProperty("ambassadors").GetInt32()} organisations membres", await page.InnerTextAsync("#fig-ambassadors .detail"));
        Assert.Contains("aux projections", await page.InnerTextAsync("#fig-reach .detail"));

        await page.SwitchLanguageAsync("en");
        await Assertions.Expect(page.Locator("#fig-ambassadors .detail")).ToHaveTextAsync($"in {statistics.GetProperty("ambassadors").GetInt32()} member organisations");
        Assert.Contains("at conferences", await page.InnerTextAsync("#fig-reach .detail"));
        await web.ShotBothWidthsAsync(page, "dashboard-ambassadors-en", $"/t/{Federation}");
        await context.CloseAsync();
    }

    [Fact]
    public async Task AViewerSeesContactsWithoutEditControlsAndAForgedPostChangesNothing()
    {
        var memberId = await MemberAsync(5);
        var before = await ContactsAsync(memberId);
        using var viewer = await web.NewPersonAsync(Federation, "viewer");

        var (status, body, _) = await viewer.GetAsync($"/t/{Federation}/members/{memberId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"h-contacts\"", body);
        Assert.DoesNotContain("contact-form", body);
        Assert.DoesNotContain("contact-remove", body);

        var (forged, _, _) = await viewer.PostFormAsync($"/t/{Federation}/members/{memberId}", "contact-save",
            new Dictionary<string, string> { ["Contact.Name"] = "Intrus", ["Contact.Language"] = "fr" });
        Assert.True(forged is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"forged post answered {forged}");
        if (before.Length > 0)
        {
            var (removal, _, _) = await viewer.PostFormAsync($"/t/{Federation}/members/{memberId}", $"contact-remove-{before[0].GetProperty("id").GetString()}", new Dictionary<string, string>());
            Assert.True(removal is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"forged removal answered {removal}");
        }
        Assert.Equal(before.Length, (await ContactsAsync(memberId)).Length);

        // Another tenant's member page: not found, never its contacts.
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/t/fcct/members/fcct-m01")).Status);
    }
}
