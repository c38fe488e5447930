using Orleans.Dashboard;
using System.Text;

namespace Platform.Host.Api;

/// <summary>
/// The Orleans Dashboard (silos, grains, calls per second, errors) at <c>/dashboard</c>, for the
/// platform operator only: it shows every tenant's grain ids. A browser opens it with the
/// operator key as the password of its sign-in prompt (user name <c>operator</c>); tools may send
/// the key as a bearer token.
/// </summary>
public static class DashboardApi
{
    public const string Path = "/dashboard";

    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.PlatformOptions>>().Value.Dashboard.Enabled) return app;
        app.MapOrleansDashboard(Path)
            .AddEndpointFilter(async (EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
            {
                var http = context.HttpContext;
                var credential = http.RequestServices.GetRequiredService<Security.OperatorCredential>();
                if (PresentedKey(http.Request.Headers.Authorization.ToString()) is { } key && credential.Matches(key))
                    return await next(context);
                http.Response.Headers.WWWAuthenticate = "Basic realm=\"Intercoop operator\", charset=\"UTF-8\"";
                return (object?)TypedResults.Problem("The dashboard is for the platform operator: sign in with the operator key.",
                    statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in required.");
            })
            .ExcludeFromDescription()
            .DisableRateLimiting();
        return app;
    }

    /// <summary>The key from <c>Bearer {key}</c>, or the password of <c>Basic base64(operator:{key})</c>.</summary>
    private static string? PresentedKey(string header)
    {
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = pair.IndexOf(':');
            return colon > 0 && pair[..colon] == "operator" ? pair[(colon + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
