using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Platform.Web.Tests;

/// <summary>
/// What every web test class needs: people made through real invitations (over HTTP or in the
/// browser) and screenshots at desk and phone width under <see cref="WebHost.ScreenshotFolder"/>.
/// </summary>
public static class WebTestKit
{
    public const string Password = "un mot de passe assez long";

    public static Dictionary<string, string> NewAccount(string name = "Alex Gagnon") =>
        new() { ["Input.Name"] = name, ["Input.Password"] = Password, ["Input.Confirm"] = Password };

    /// <summary>An invitation made with the tenant's seeded admin key; returns the link's path.</summary>
    public static async Task<string> InviteAsync(this WebHost web, string tenantId, string email, string role)
    {
        var admin = web.Host.Client(web.SeededKey(tenantId));
        var response = await admin.PostAsJsonAsync($"/api/v1/tenants/{tenantId}/invitations", new { email, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link").GetString()!;
    }

    /// <summary>A signed-in HTTP session of a new person with <paramref name="role"/> in the tenant.</summary>
    public static async Task<Session> NewPersonAsync(this WebHost web, string tenantId, string role, string? email = null)
    {
        var link = await web.InviteAsync(tenantId, email ?? $"{role}-{Guid.NewGuid():N}@example.org", role);
        var session = new Session(web.Host.BaseAddress);
        var (status, _, _) = await session.PostFormAsync(link, "accept", NewAccount());
        Assert.Equal(HttpStatusCode.Redirect, status);
        return session;
    }

    /// <summary>A browser page signed in as a new person of the tenant (the invitation accepted in the page), in French.</summary>
    public static async Task<IPage> SignedInPageAsync(this WebHost web, IBrowserContext context, string tenantId, string role, string name = "Alex Gagnon")
    {
        var link = await web.InviteAsync(tenantId, $"{role}-{Guid.NewGuid():N}@example.org", role);
        var page = await context.NewPageAsync();
        await page.GotoAsync(web.Url(link));
        await page.FillAsync("#name", name);
        await page.FillAsync("#password", Password);
        await page.FillAsync("#confirm", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(web.Url($"/t/{tenantId}"));
        return page;
    }

    /// <summary>Switches the page's language with the header's FR | EN toggle (remembered by cookie).</summary>
    public static async Task SwitchLanguageAsync(this IPage page, string language)
    {
        await page.ClickAsync($".lang a[lang={language}]");
        // Network idle alone can be reached before the click's navigation starts (a loaded machine
        // in CI): wait for the page that marks the chosen language as current.
        await Assertions.Expect(page.Locator($".lang a[lang={language}]")).ToHaveAttributeAsync("aria-current", "true");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    public static Task Shot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebHost.ScreenshotFolder, name + ".png"), FullPage = true });

    /// <summary>Opens <paramref name="path"/> at 1280 and 375 px wide, asserts 200, saves <c>{name}-1280.png</c> and <c>{name}-375.png</c>.</summary>
    public static async Task ShotBothWidthsAsync(this WebHost web, IPage page, string name, string path)
    {
        foreach (var width in new[] { 1280, 375 })
        {
            await page.SetViewportSizeAsync(width, width < 600 ? 800 : 900);
            var response = await page.GotoAsync(web.Url(path));
            Assert.Equal(200, response!.Status);
            await Shot(page, $"{name}-{width}");
        }
        await page.SetViewportSizeAsync(1280, 900);
    }
}
