using Microsoft.Net.Http.Headers;

namespace Platform.Host.Errors;

/// <summary>
/// The language of problem details (API.md "Credentials": problem details follow Accept-Language).
/// French for <c>fr</c>, <c>fr-CA</c> and every <c>fr-*</c>, English for <c>en</c> and <c>en-*</c>,
/// the first of the two the caller ranks highest; English when it names neither, like the grains'
/// own messages, so an answer is never half in one language and half in the other.
/// </summary>
public static class ProblemLanguage
{
    private const string CacheKey = "platform.problem-language";

    public static bool IsFrench(HttpContext? http)
    {
        if (http is null) return false;
        if (http.Items.TryGetValue(CacheKey, out var cached) && cached is bool known) return known;
        var french = false;
        try
        {
            var ranked = http.Request.GetTypedHeaders().AcceptLanguage
                .Where(l => l.Quality is not 0)
                .OrderByDescending(l => l.Quality ?? 1);
            foreach (var language in ranked)
            {
                var tag = language.Value.Value ?? "";
                if (tag.StartsWith("fr", StringComparison.OrdinalIgnoreCase)) { french = true; break; }
                if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase)) break;
            }
        }
        catch (FormatException)
        {
            // A header that does not parse names no language.
        }
        http.Items[CacheKey] = french;
        return french;
    }

    /// <summary>The French or English text, as the caller asked.</summary>
    public static string Pick(HttpContext? http, string french, string english) => IsFrench(http) ? french : english;
}
