using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Platform.Web.Tests;

/// <summary>
/// The consortium's coordinator (its admin) links a professional to a person account of the consortium
/// in the browser; that person, signed in, enters their own hours; unlinked, they no longer can. Each
/// test submits its own request for the seeded client <c>cqch</c> and works with a professional no one is linked to.
/// </summary>
public sealed class ProfessionalLinkWebTests(WebHost web) : IClassFixture<WebHost>
{
    private const string Consortium = "consortium";
    private const string Client = "cqch";
    private static string C => $"/api/v1/tenants/{Consortium}";

    private HttpClient ConsortiumApi => web.Host.Client(web.SeededKey(Consortium));

    private static string Month => DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>A new events request of the client, assigned to the best candidate nobody is linked to; returns (request, professional).</summary>
    private async Task<(string Request, string Professional)> AssignedRequestAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var submitted = await web.Host.Client(web.SeededKey(Client)).PostAsJsonAsync($"/api/v1/tenants/{Client}/service-requests", new
        {
            consortiumId = Consortium, field = "events", urgency = "normal",
            title = new { fr = $"Journée de réflexion {suffix}", en = $"Planning day {suffix}" },
            needBy = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10),
        });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var request = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var linked = (await ConsortiumApi.GetFromJsonAsync<JsonElement>($"{C}/professionals")).EnumerateArray()
            .Where(p => p.TryGetProperty("personId", out var id) && id.ValueKind == JsonValueKind.String)
            .Select(p => p.GetProperty("id").GetString()).ToHashSet();
        var professional = (await ConsortiumApi.GetFromJsonAsync<JsonElement>($"{C}/service-requests/{request}/candidates")).GetProperty("candidates")
            .EnumerateArray().Select(c => c.GetProperty("professionalId").GetString()!).First(id => !linked.Contains(id));
        Assert.Equal(HttpStatusCode.OK, (await ConsortiumApi.PostAsJsonAsync($"{C}/service-requests/{request}/assign", new { professionalId = professional })).StatusCode);
        return (request, professional);
    }

    private async Task<string?> LinkedPersonAsync(string professional) =>
        (await ConsortiumApi.GetFromJsonAsync<JsonElement>($"{C}/professionals/{professional}")).TryGetProperty("personId", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString() : null;

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public async Task TheCoordinatorLinksAPersonWhoThenEntersTheirOwnHoursAndUnlinksThem(string lang)
    {
        var (request, professional) = await AssignedRequestAsync();

        // The professional has an account of the consortium (a viewer), but no link yet: no time form.
        var email = $"pro-{Guid.NewGuid():N}@example.org";
        var proContext = await web.NewContextAsync();
        var pro = await proContext.NewPageAsync();
        await pro.GotoAsync(web.Url(await web.InviteAsync(Consortium, email, "viewer")));
        await pro.FillAsync("#name", "Camille Pelletier");
        await pro.FillAsync("#password", WebTestKit.Password);
        await pro.FillAsync("#confirm", WebTestKit.Password);
        await pro.ClickAsync("button[type=submit]");
        await pro.WaitForURLAsync(web.Url($"/t/{Consortium}"));
        if (lang == "en") await pro.SwitchLanguageAsync("en");
        await pro.GotoAsync(web.Url($"/t/{Consortium}/time"));
        await Assertions.Expect(pro.Locator("#time-not-allowed")).ToHaveCountAsync(1);

        // The coordinator picks the person in the professional's select.
        var adminContext = await web.NewContextAsync();
        var admin = await web.SignedInPageAsync(adminContext, Consortium, "admin", "Coordination Services");
        if (lang == "en") await admin.SwitchLanguageAsync("en");
        var professionalPage = $"/t/{Consortium}/professionals/{professional}";
        await admin.GotoAsync(web.Url(professionalPage));
        Assert.Equal(0, await admin.Locator("#unlink-form").CountAsync()); // nothing to unlink yet
        var personId = (await admin.Locator("#link-person option", new() { HasTextString = email }).GetAttributeAsync("value"))!;
        await admin.SelectOptionAsync("#link-person", personId);
        await admin.ClickAsync("#link-form button[type=submit]");
        await Assertions.Expect(admin.Locator("#professional-done")).ToContainTextAsync(lang == "fr" ? "Le compte est lié" : "The account is linked");
        await Assertions.Expect(admin.Locator("#professional-account")).ToContainTextAsync(email);
        Assert.Equal(personId, await LinkedPersonAsync(professional));
        await web.ShotBothWidthsAsync(admin, $"cs-professional-link-{lang}", professionalPage);

        // On another professional's page, that person is shown as taken and cannot be chosen.
        var other = (await ConsortiumApi.GetFromJsonAsync<JsonElement>($"{C}/professionals")).EnumerateArray()
            .Select(p => p.GetProperty("id").GetString()!).First(id => id != professional);
        await admin.GotoAsync(web.Url($"/t/{Consortium}/professionals/{other}"));
        var taken = admin.Locator($"#link-person option[value='{personId}']");
        Assert.NotNull(await taken.GetAttributeAsync("disabled"));
        await Assertions.Expect(taken).ToContainTextAsync(lang == "fr" ? "déjà lié à" : "already linked to");

        // Signed in, the person records hours on their own request only, in their language's decimals.
        await pro.GotoAsync(web.Url($"/t/{Consortium}/time"));
        var offered = await pro.Locator("#time-request option").EvaluateAllAsync<string[]>("o => o.map(x => x.value)");
        Assert.Contains(request, offered);
        await pro.SelectOptionAsync("#time-request", request);
        await pro.FillAsync("#time-hours", lang == "fr" ? "1,5" : "1.5");
        await pro.ClickAsync("#time-form button[type=submit]");
        await Assertions.Expect(pro.Locator("#time-done")).ToBeVisibleAsync();
        var entries = await ConsortiumApi.GetFromJsonAsync<JsonElement>($"{C}/time-entries?month={Month}&request={request}");
        var entry = Assert.Single(entries.EnumerateArray());
        Assert.Equal((professional, 1.5m), (entry.GetProperty("professionalId").GetString(), entry.GetProperty("hours").GetDecimal()));
        await web.ShotBothWidthsAsync(pro, $"cs-time-own-{lang}", $"/t/{Consortium}/time");

        // Unlinked, the person keeps the account but no longer enters hours.
        await admin.GotoAsync(web.Url(professionalPage));
        await admin.ClickAsync("#unlink-form button[type=submit]");
        await Assertions.Expect(admin.Locator("#professional-done")).ToContainTextAsync(lang == "fr" ? "n’est plus lié" : "no longer linked");
        await Assertions.Expect(admin.Locator("#professional-account")).ToContainTextAsync(lang == "fr" ? "Aucun compte lié" : "No linked account");
        Assert.Null(await LinkedPersonAsync(professional));
        await pro.GotoAsync(web.Url($"/t/{Consortium}/time"));
        await Assertions.Expect(pro.Locator("#time-not-allowed")).ToHaveCountAsync(1);

        var audit = (await ConsortiumApi.GetFromJsonAsync<JsonElement>($"{C}/audit")).GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "professional.link" && e.GetProperty("target").GetString() == $"professionals/{professional}")
            .Select(e => e.GetProperty("detail").GetString()!).Where(d => d.Contains(personId, StringComparison.Ordinal)).Reverse().ToList();
        Assert.Equal([$"person {personId}", $"unlinked (was person {personId})"], audit);
        await proContext.CloseAsync();
        await adminContext.CloseAsync();
    }

    [Fact]
    public async Task StaffAndViewersSeeNoLinkControlsAndTheirForgedPostsChangeNothing()
    {
        var (_, professional) = await AssignedRequestAsync();
        var path = $"/t/{Consortium}/professionals/{professional}";
        var email = $"target-{Guid.NewGuid():N}@example.org";
        using var target = await web.NewPersonAsync(Consortium, "viewer", email);
        var personId = (await ConsortiumApi.GetFromJsonAsync<JsonElement>($"{C}/people")).EnumerateArray()
            .Single(p => p.GetProperty("email").GetString() == email).GetProperty("id").GetString()!;

        foreach (var role in new[] { "staff", "viewer" })
        {
            using var session = await web.NewPersonAsync(Consortium, role);
            var (status, html, _) = await session.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.DoesNotContain("link-form", html);
            Assert.DoesNotContain("unlink-form", html);
            var (link, _, _) = await session.PostFormAsync(path, "link", new Dictionary<string, string> { ["Link.PersonId"] = personId });
            Assert.True(link is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"a {role}'s forged link answered {link}");
        }
        Assert.Null(await LinkedPersonAsync(professional));

        // Linked by the API, the link survives a forged unlink by staff.
        Assert.Equal(HttpStatusCode.OK, (await ConsortiumApi.PutAsJsonAsync($"{C}/professionals/{professional}/person", new { personId })).StatusCode);
        using var staff = await web.NewPersonAsync(Consortium, "staff");
        var (unlink, _, _) = await staff.PostFormAsync(path, "unlink", new Dictionary<string, string>());
        Assert.True(unlink is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"a forged unlink answered {unlink}");
        Assert.Equal(personId, await LinkedPersonAsync(professional));
        Assert.Equal(HttpStatusCode.OK, (await ConsortiumApi.DeleteAsync($"{C}/professionals/{professional}/person")).StatusCode);
    }

    [Fact]
    public async Task APersonOfAnotherTenantGetsNotFoundOnAProfessionalsPage()
    {
        var professional = (await ConsortiumApi.GetFromJsonAsync<JsonElement>($"{C}/professionals"))[0];
        using var outsider = await web.NewPersonAsync(Client, "admin");
        var (status, html, _) = await outsider.GetAsync($"/t/{Consortium}/professionals/{professional.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.DoesNotContain("rate-history", html);
        Assert.DoesNotContain("professional-account", html);
    }
}
