using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Host.Audit;
using Platform.Host.Security;

namespace Platform.Host.Api;

/// <summary>
/// A federation's profile, its affiliations and its network statistics (API.md "Networks"). The
/// requesting side of an affiliation is always the route's tenant, whose admin key was checked;
/// a parent sees its network only as aggregates (docs/federations.md).
/// </summary>
public static class NetworksApi
{
    public sealed record AffiliationRequest(string? ParentId = null);

    public static IEndpointRouteBuilder MapNetworksApi(this IEndpointRouteBuilder app)
    {
        // Every route of this group exists for one kind of tenant only: one policy for the group.
        var tenant = app.MapGroup("/api/v1/tenants/{tenantId}").WithTags("Networks").RequireFederationTenant();

        tenant.MapGet("/federation", GetProfileAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("Read the federation's profile: names, kind, region, languages (viewer+).");
        tenant.MapPut("/federation", SetProfileAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Set the federation's profile (admin).");

        tenant.MapPost("/affiliations", RequestAffiliationAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Ask to join a parent federation's network: {parentId} → 202, pending until the parent accepts (admin of the child).");
        tenant.MapGet("/affiliations", ListAffiliationsAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("Affiliations of the federation, up (its parents) and down (its affiliates), pending or accepted (viewer+).");
        tenant.MapDelete("/affiliations/{parentId}", LeaveAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Leave a parent's network, or withdraw a pending request (admin of the child).");
        tenant.MapPost("/affiliates/{childId}/accept", AcceptAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Accept a federation that asked to join; 409 when it would close a cycle (admin of the parent).");
        tenant.MapPost("/affiliates/{childId}/decline", DeclineAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Decline a pending request to join; 409 when the federation is already an affiliate (admin of the parent).");
        tenant.MapDelete("/affiliates/{childId}", RemoveAffiliateAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Remove an affiliate, or refuse its pending request (admin of the parent).");

        tenant.MapGet("/network/statistics", GetNetworkStatisticsAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("Statistics over the federation and all accepted affiliates, recursively (?from=&to=, or ?year= for a report year): organisations with the same " +
                         "registry number counted once, self-identification cells below 5 (and the cell that would reveal them) as \"<5\" (viewer+).");
        return app;
    }

    /// <summary>
    /// A federation that has not set its profile yet has an empty one (the route's tenant is a
    /// federation, so the resource exists): no names, kind or region, and the languages its texts
    /// are held to until it chooses (<see cref="TenantLanguages.Unset"/>).
    /// </summary>
    private static async Task<Ok<FederationProfile>> GetProfileAsync(string tenantId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IFederationGrain>(tenantId).GetProfileAsync() ?? new FederationProfile(Languages: TenantLanguages.Unset));

    private static async Task<Ok<FederationProfile>> SetProfileAsync(string tenantId, FederationProfile profile, IGrainFactory grains, AuditWriter audit)
    {
        var saved = await grains.GetGrain<IFederationGrain>(tenantId).SetProfileAsync(profile);
        await audit.WriteAsync(tenantId, "federation.profile", "federation");
        return TypedResults.Ok(saved);
    }

    private static async Task<Accepted<Affiliation>> RequestAffiliationAsync(
        string tenantId, AffiliationRequest request, IGrainFactory grains, AuditWriter audit)
    {
        var parentId = Ids.Require(request.ParentId, "parentId");
        var affiliation = await Registry(grains).RequestAsync(tenantId, parentId);
        await audit.WriteAsync(tenantId, "affiliation.request", $"affiliations/{parentId}");
        return TypedResults.Accepted($"/api/v1/tenants/{tenantId}/affiliations", affiliation);
    }

    private static async Task<Ok<IReadOnlyList<Affiliation>>> ListAffiliationsAsync(string tenantId, IGrainFactory grains) =>
        TypedResults.Ok(await Registry(grains).ListAsync(tenantId));

    private static async Task<NoContent> LeaveAsync(string tenantId, string parentId, IGrainFactory grains, AuditWriter audit)
    {
        Ids.Require(parentId, "parentId");
        await Registry(grains).RemoveAsync(parentId, tenantId, AffiliationEndedBy.Child);
        await audit.WriteAsync(tenantId, "affiliation.leave", $"affiliations/{parentId}");
        return TypedResults.NoContent();
    }

    private static async Task<Ok<Affiliation>> AcceptAsync(string tenantId, string childId, IGrainFactory grains, AuditWriter audit)
    {
        Ids.Require(childId, "childId");
        var accepted = await Registry(grains).AcceptAsync(tenantId, childId);
        await audit.WriteAsync(tenantId, "affiliation.accept", $"affiliates/{childId}");
        return TypedResults.Ok(accepted);
    }

    private static async Task<NoContent> DeclineAsync(string tenantId, string childId, IGrainFactory grains, AuditWriter audit)
    {
        Ids.Require(childId, "childId");
        await Registry(grains).DeclineAsync(tenantId, childId);
        await audit.WriteAsync(tenantId, "affiliation.decline", $"affiliates/{childId}");
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RemoveAffiliateAsync(string tenantId, string childId, IGrainFactory grains, AuditWriter audit)
    {
        Ids.Require(childId, "childId");
        await Registry(grains).RemoveAsync(tenantId, childId, AffiliationEndedBy.Parent);
        await audit.WriteAsync(tenantId, "affiliation.remove", $"affiliates/{childId}");
        return TypedResults.NoContent();
    }

    private static async Task<Ok<NetworkStatistics>> GetNetworkStatisticsAsync(string tenantId, string? from, string? to, string? year, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IFederationGrain>(tenantId).GetNetworkStatisticsAsync(FederationQuery.Period(from, to, year)));

    private static IAffiliationRegistryGrain Registry(IGrainFactory grains) =>
        grains.GetGrain<IAffiliationRegistryGrain>(IAffiliationRegistryGrain.Key);
}

/// <summary>What the federation routes share: the parsing of query strings.</summary>
public static class FederationQuery
{
    /// <summary>An inclusive period from two optional <c>YYYY-MM-DD</c> dates; impossible dates (2025-02-30) are a 400.</summary>
    public static StatisticsPeriod Period(string? from, string? to) =>
        new StatisticsPeriod(Date(from, "from"), Date(to, "to")).Validated();

    /// <summary>
    /// The same, or with <c>?year=YYYY</c> a report year: 1 January to 31 December, the whole-year
    /// period (<see cref="StatisticsPeriod.WholeYear"/>) for which self-identification is published
    /// upward. A year with a date bound as well is a 400: the answer would not be what one of them asked.
    /// </summary>
    public static StatisticsPeriod Period(string? from, string? to, string? year)
    {
        if (string.IsNullOrEmpty(year)) return Period(from, to);
        if (!string.IsNullOrEmpty(from) || !string.IsNullOrEmpty(to))
            throw ValidationFailedException.For("year", "Give either 'year' or 'from'/'to', not both.");
        if (year.Length != 4 || !int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            throw ValidationFailedException.For("year", "'year' must be a year written YYYY, e.g. 2025.");
        YearMonth.RequireYear(parsed, "year");
        return new StatisticsPeriod(new DateOnly(parsed, 1, 1), new DateOnly(parsed, 12, 31));
    }

    public static DateOnly? Date(string? value, string field)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw ValidationFailedException.For(field, $"'{field}' must be a date written YYYY-MM-DD, e.g. 2024-03-31.");
        return date;
    }

    /// <summary>An enum value as written in JSON (kebab-case), e.g. <c>community-organization</c>.</summary>
    public static TEnum? Enum<TEnum>(string? value, string field) where TEnum : struct, System.Enum
    {
        if (string.IsNullOrEmpty(value)) return null;
        foreach (var candidate in System.Enum.GetValues<TEnum>())
            if (EnumNames.Of(candidate) == value) return candidate;
        throw ValidationFailedException.For(field,
            $"'{field}' must be one of: {string.Join(", ", System.Enum.GetValues<TEnum>().Select(EnumNames.Of))}.");
    }

    /// <summary>Exactly <c>true</c> or <c>false</c>, as in JSON.</summary>
    public static bool? Boolean(string? value, string field) => value switch
    {
        null or "" => null,
        "true" => true,
        "false" => false,
        _ => throw ValidationFailedException.For(field, $"'{field}' must be true or false."),
    };

    public static int? Integer(string? value, string field)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            throw ValidationFailedException.For(field, $"'{field}' must be a whole number.");
        return number;
    }
}
