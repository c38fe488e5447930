using Microsoft.AspNetCore.Localization;

namespace Platform.Host.Web.Jobs;

/// <summary>
/// The public job board's language is its address: <c>/emplois</c> is French, <c>/jobs</c> English,
/// whatever the visitor's cookie says, so a shared link and a search engine see one language per URL.
/// </summary>
public sealed class JobBoardCulture : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var path = httpContext.Request.Path;
        ProviderCultureResult? result =
            path.StartsWithSegments("/emplois") ? new("fr-CA") :
            path.StartsWithSegments("/jobs") ? new("en-CA") : null;
        return Task.FromResult(result);
    }
}
