using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;
using Platform.Host.People;
using Platform.Host.Security;
using Platform.Host.Web;

namespace Platform.Host.Hosting;

/// <summary>The web app: Razor components rendered on the server, people's sign-in cookie, cultures.</summary>
public static class WebAppSetup
{
    public static readonly CultureInfo[] Cultures = [new("fr-CA"), new("en-CA")];

    /// <summary>Addresses of the web app, as opposed to the API, health, OpenAPI and the operator's dashboard.</summary>
    public static bool IsWebPage(PathString path) =>
        !path.StartsWithSegments("/api") && !path.StartsWithSegments("/health") && !path.StartsWithSegments("/openapi")
        && !path.StartsWithSegments("/dashboard");

    public static WebApplicationBuilder AddPlatformWebApp(this WebApplicationBuilder builder)
    {
        // Static files of packages (MudBlazor's CSS) are served from the build output in every
        // environment, not only Development; a published app has them in wwwroot instead.
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        services.AddRazorComponents();
        services.AddMudServices();
        services.AddLocalization();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "intercoop.antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        // One key ring for the whole cluster, so a cookie from one replica is read by every other.
        GrainXmlRepository.AddTo(services);
        // The cookie is a scheme beside the API key (whose policy scheme stays the default); web pages
        // authorize people through PersonSessions, API routes accept API keys only.
        services.AddAuthentication()
            .AddCookie(PlatformClaims.CookieScheme, options => PersonSessions.Configure(options, builder.Environment.IsDevelopment()));
        services.AddSingleton<PersonSessions>();
        services.AddSingleton<PeopleService>();
        services.AddHttpContextAccessor();
        return builder;
    }

    public static WebApplication UsePlatformWebApp(this WebApplication app)
    {
        // Pages are French first: the culture cookie (the FR | EN toggle) or fr-CA; the API keeps its own rules.
        var localization = new RequestLocalizationOptions { DefaultRequestCulture = new RequestCulture(Cultures[0]), SupportedCultures = Cultures, SupportedUICultures = Cultures };
        // The public job board is the exception: its address says its language (/emplois, /jobs).
        localization.RequestCultureProviders = [new Web.Jobs.JobBoardCulture(), new CookieRequestCultureProvider()];
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), web => web.UseRequestLocalization(localization));
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>();
        app.MapWebAppEndpoints();
        return app;
    }

    private static void MapWebAppEndpoints(this WebApplication app)
    {
        app.MapGet("/culture/{language}", async (string language, string? returnUrl, HttpContext http, CurrentCaller caller, IGrainFactory grains) =>
        {
            var culture = language == "en" ? Cultures[1] : Cultures[0];
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            if (caller.Person is { } person) await grains.GetGrain<Abstractions.IPersonGrain>(Abstractions.PeopleKeys.Person(person.Id)).SetLanguageAsync(culture.TwoLetterISOLanguageName);
            return Results.LocalRedirect(WebPaths.SafeReturnUrl(returnUrl));
        }).ExcludeFromDescription();

        // The table's CSV export: exactly the rows the table shows (every page), for a member of the tenant.
        app.MapGet("/t/{tenantId}/members.csv", async (string tenantId, HttpContext http, CurrentCaller caller, IGrainFactory grains) =>
        {
            if (caller.Person is null || !caller.IsTenantKey || caller.TenantId != tenantId || caller.TenantKind != Abstractions.TenantKind.Federation)
                return Results.NotFound();
            var all = (await grains.GetGrain<Abstractions.IFederationGrain>(tenantId).ListMembersAsync(new Abstractions.MemberQuery())).Items;
            var shown = Web.Members.MemberFilter.From(http.Request.Query).Apply(all).ToList();
            return Results.File(System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(Api.MembersCsv.Write(shown, System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr"))).ToArray(),
                "text/csv; charset=utf-8", $"{tenantId}-members.csv");
        }).ExcludeFromDescription();

        app.MapPost("/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync(PlatformClaims.CookieScheme);
            return Results.LocalRedirect("/signin");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
    }
}
