using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.People;

/// <summary>The invitations and people routes (API.md "People") through the real gateway, and the links they give.</summary>
public sealed partial class PeopleApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    [Fact]
    public async Task AnAdminInvitesAndGetsASingleUseLinkOpenForSevenDaysNamedInTheAudit()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var admin = app.WithKey(keys.Admin);
        var response = await admin.PostAsJsonAsync($"/api/v1/tenants/{keys.TenantId}/invitations", new { email = "Marie@Example.org", role = "staff", name = "Marie Tremblay" });
        await Expect.Status(response, HttpStatusCode.Created);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var link = created.GetProperty("link").GetString()!;
        Assert.Matches($"^/invitations/{Regex.Escape(keys.TenantId)}\\.[a-z0-9]+\\.[A-Za-z0-9_-]{{20,}}$", link);
        Assert.Equal(app.Clock.GetUtcNow() + TimeSpan.FromDays(7), created.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync(link)).StatusCode);

        var listed = Assert.Single((await admin.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{keys.TenantId}/invitations")).EnumerateArray());
        Assert.Equal(("marie@example.org", "staff", "pending"), (listed.GetProperty("email").GetString(), listed.GetProperty("role").GetString(), listed.GetProperty("status").GetString()));
        Assert.DoesNotContain(link.Split('.')[2], listed.GetRawText());

        var audit = await admin.GetStringAsync($"/api/v1/tenants/{keys.TenantId}/audit");
        Assert.Contains("invitation.create", audit);
        var adminKeyId = keys.Admin.Split('.')[1];
        Assert.Contains($"{keys.TenantId}:{adminKeyId}", audit);
    }

    [Theory]
    [InlineData("staff")]
    [InlineData("viewer")]
    public async Task OnlyAnAdminMayInviteOrSeeThePeople(string role)
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var client = app.WithKey(role == "staff" ? keys.Staff : keys.Viewer);
        await Expect.Problem(await client.PostAsJsonAsync($"/api/v1/tenants/{keys.TenantId}/invitations", new { email = "a@example.org", role = "admin" }), HttpStatusCode.Forbidden);
        await Expect.Problem(await client.GetAsync($"/api/v1/tenants/{keys.TenantId}/people"), HttpStatusCode.Forbidden);
        Assert.Empty((await app.WithKey(keys.Admin).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{keys.TenantId}/invitations")).EnumerateArray());
    }

    [Theory]
    [InlineData("{\"role\":\"staff\"}")]
    [InlineData("{\"email\":\"pas-un-courriel\",\"role\":\"staff\"}")]
    [InlineData("{\"email\":\"a@example.org\"}")]
    [InlineData("{\"email\":\"a@example.org\",\"role\":\"owner\"}")]
    [InlineData("{\"email\":\"a@example.org\",\"role\":\"Staff\"}")]
    [InlineData("{\"email\":\"a@example.org\",\"role\":2}")]
    [InlineData("{\"email\":\"a@example.org\",\"role\":\"staff\",\"admin\":true}")]
    public async Task BadInvitationsAreRefusedInTheCallersLanguageAndNothingIsCreated(string body)
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var admin = app.WithKey(keys.Admin);
        var response = await admin.PostJsonAsync($"/api/v1/tenants/{keys.TenantId}/invitations", body);
        await Expect.Problem(response, HttpStatusCode.BadRequest);
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{keys.TenantId}/invitations")).EnumerateArray());
    }

    [Fact]
    public async Task AnInvitationLinkStopsOpeningAfterSevenDays()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var admin = app.WithKey(keys.Admin);
        var created = await (await admin.PostAsJsonAsync($"/api/v1/tenants/{keys.TenantId}/invitations", new { email = "tard@example.org", role = "viewer" })).Content.ReadFromJsonAsync<JsonElement>();
        var link = created.GetProperty("link").GetString()!;

        app.Clock.Advance(TimeSpan.FromDays(7));

        var page = await app.Anonymous().GetAsync(link);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        var text = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.True(text.Contains("expiré", StringComparison.Ordinal), text);
        Assert.Equal("expired", (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{keys.TenantId}/invitations"))[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task ARevokedInvitationOpensNothingAndAnUnknownOneIsNotFound()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var admin = app.WithKey(keys.Admin);
        var created = await (await admin.PostAsJsonAsync($"/api/v1/tenants/{keys.TenantId}/invitations", new { email = "a@example.org", role = "viewer" })).Content.ReadFromJsonAsync<JsonElement>();

        await Expect.Status(await admin.DeleteAsync($"/api/v1/tenants/{keys.TenantId}/invitations/{created.GetProperty("id").GetString()}"), HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync(created.GetProperty("link").GetString())).StatusCode);
        Assert.Equal("revoked", (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{keys.TenantId}/invitations"))[0].GetProperty("status").GetString());
        await Expect.Problem(await admin.DeleteAsync($"/api/v1/tenants/{keys.TenantId}/invitations/i000000000000"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task APersonWhoAcceptedIsListedWithTheirRoleAndCanBeRemovedOnce()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var admin = app.WithKey(keys.Admin);
        var created = await (await admin.PostAsJsonAsync($"/api/v1/tenants/{keys.TenantId}/invitations", new { email = $"p-{Guid.NewGuid():N}@example.org", role = "staff" })).Content.ReadFromJsonAsync<JsonElement>();
        await AcceptAsync(created.GetProperty("link").GetString()!, "Alex Gagnon");

        var person = Assert.Single((await admin.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{keys.TenantId}/people")).EnumerateArray());
        Assert.Equal(("Alex Gagnon", "staff"), (person.GetProperty("name").GetString(), person.GetProperty("role").GetString()));
        var id = person.GetProperty("id").GetString();

        await Expect.Status(await admin.DeleteAsync($"/api/v1/tenants/{keys.TenantId}/people/{id}"), HttpStatusCode.NoContent);
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{keys.TenantId}/people")).EnumerateArray());
        await Expect.Problem(await admin.DeleteAsync($"/api/v1/tenants/{keys.TenantId}/people/{id}"), HttpStatusCode.NotFound);
        // Another tenant's admin sees none of it.
        var other = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        await Expect.Problem(await app.WithKey(other.Admin).GetAsync($"/api/v1/tenants/{keys.TenantId}/people"), HttpStatusCode.NotFound);
    }

    /// <summary>Posts the invitation page's form the way a browser does (antiforgery cookie and field).</summary>
    private async Task AcceptAsync(string link, string name)
    {
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await browser.GetStringAsync(link);
        var token = TokenPattern().Match(page).Groups[1].Value;
        const string password = "un mot de passe assez long";
        var response = await browser.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "accept", ["__RequestVerificationToken"] = token,
            ["Input.Name"] = name, ["Input.Password"] = password, ["Input.Confirm"] = password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
