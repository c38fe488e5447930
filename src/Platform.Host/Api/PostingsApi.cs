using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Abstractions.Roles;

namespace Platform.Host.Api;

/// <summary>The cooperative movement's public job board (API.md "Roles": <c>GET /api/v1/postings</c>, no key).</summary>
public static class PostingsApi
{
    public const int MaxRegionLength = 100;

    public static IEndpointRouteBuilder MapPostingsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/postings", ListPostingsAsync)
            .WithTags("Job board")
            .WithSummary("Open postings of every tenant whose apply-by day has not passed, bilingual, without a key, each with its description, requirements and how to apply. "
                + "Filters: ?region=, ?minHourlyPay= (dollars per hour worked, yearly salaries converted), ?kind= (federation|consortium|organization), "
                + "?language= (fr|en, a language of work), ?minHoursPerWeek= and ?maxHoursPerWeek=.");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<JobPosting>>> ListPostingsAsync(
        string? region, decimal? minHourlyPay, string? kind, string? language, decimal? minHoursPerWeek, decimal? maxHoursPerWeek, IGrainFactory grains)
    {
        var query = Query(region, minHourlyPay, kind, language, minHoursPerWeek, maxHoursPerWeek);
        return TypedResults.Ok(await grains.GetGrain<IPostingBoardGrain>(RoleKeys.PostingBoard).ListAsync(query));
    }

    /// <summary>The board's filters checked once, for the API and the public pages alike (400 naming the field).</summary>
    public static PostingQuery Query(string? region, decimal? minHourlyPay, string? kind, string? language, decimal? minHoursPerWeek, decimal? maxHoursPerWeek)
    {
        if (region is { Length: > MaxRegionLength })
            throw ValidationFailedException.For("region", $"'region' is limited to {MaxRegionLength} characters.");
        if (minHourlyPay is < 0 or > 10_000)
            throw ValidationFailedException.For("minHourlyPay", "'minHourlyPay' is a number of dollars per hour between 0 and 10000.");
        TenantKind? tenantKind = null;
        if (!string.IsNullOrEmpty(kind))
            tenantKind = Enum.GetValues<TenantKind>().Cast<TenantKind?>().FirstOrDefault(k => EnumNames.Of(k!.Value) == kind)
                ?? throw ValidationFailedException.For("kind", "'kind' is federation, consortium or organization.");
        if (!string.IsNullOrEmpty(language) && language is not ("fr" or "en"))
            throw ValidationFailedException.For("language", "'language' is a language of work: fr or en.");
        foreach (var (hours, name) in new[] { (minHoursPerWeek, "minHoursPerWeek"), (maxHoursPerWeek, "maxHoursPerWeek") })
            if (hours is < 0 or > 168)
                throw ValidationFailedException.For(name, $"'{name}' is a number of hours between 0 and 168.");
        return new PostingQuery(string.IsNullOrWhiteSpace(region) ? null : region, minHourlyPay, tenantKind,
            string.IsNullOrEmpty(language) ? null : language, minHoursPerWeek, maxHoursPerWeek);
    }
}
