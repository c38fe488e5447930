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
            .WithSummary("Open postings of every tenant, bilingual, without a key; ?region= and ?minHourlyPay= (dollars per hour worked, yearly salaries converted) filter them.");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<JobPosting>>> ListPostingsAsync(string? region, decimal? minHourlyPay, IGrainFactory grains)
    {
        if (region is { Length: > MaxRegionLength })
            throw ValidationFailedException.For("region", $"'region' is limited to {MaxRegionLength} characters.");
        if (minHourlyPay is < 0 or > 10_000)
            throw ValidationFailedException.For("minHourlyPay", "'minHourlyPay' is a number of dollars per hour between 0 and 10000.");
        var postings = await grains.GetGrain<IPostingBoardGrain>(RoleKeys.PostingBoard).ListAsync(new PostingQuery(region, minHourlyPay));
        return TypedResults.Ok(postings);
    }
}
