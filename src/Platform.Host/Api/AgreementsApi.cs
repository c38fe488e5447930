using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Host.Audit;
using Platform.Host.Security;
using static Platform.Host.Api.ConsortiumApi;

namespace Platform.Host.Api;

/// <summary>
/// Service agreements, from both sides: a consortium offers and lists what it offered; a client
/// lists what it was offered and accepts, declines or ends it. The same <c>/agreements</c> routes
/// serve both, chosen by the kind of the route's tenant (a consortium is never a client).
/// </summary>
public static class AgreementsApi
{
    public sealed record OfferAgreementBody(
        string ClientId, IReadOnlyList<string> Fields, DateOnly StartsOn, DateOnly EndsOn, AgreementAccess Access, string? Id = null);

    /// <summary>An agreement as answered: whether it is in force right now is computed at the time of the answer.</summary>
    public sealed record AgreementView(
        string Id, string ConsortiumId, string ClientId, IReadOnlyList<string> Fields, DateOnly StartsOn, DateOnly EndsOn,
        AgreementAccess Access, AgreementStatus Status, bool InForce, DateTimeOffset OfferedAt,
        DateTimeOffset? AcceptedAt, DateTimeOffset? EndedAt, AgreementParty? EndedBy)
    {
        public static AgreementView From(Agreement a, DateTimeOffset now) =>
            new(a.Id, a.ConsortiumId, a.ClientId, a.Fields, a.StartsOn, a.EndsOn, a.Access, a.Status, a.IsInForceAt(now),
                a.OfferedAt, a.AcceptedAt, a.EndedAt, a.EndedBy);
    }

    public static IEndpointRouteBuilder MapAgreementsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tenants/{tenantId}/agreements").WithTags("Shared services");

        group.MapPost("/", OfferAsync).RequireTenantRole(TenantRole.Admin).RequireConsortiumTenant()
            .WithSummary("Offer an agreement to a client: {id?, clientId, fields, startsOn, endsOn, access: none|read}; pending until the client's admin accepts (consortium admin).");
        group.MapGet("/", ListAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("A consortium: the agreements it offered. A client: the agreements offered to it.");
        group.MapGet("/{agreementId}", GetAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("One agreement, with whether it is in force now.");
        group.MapPost("/{agreementId}/accept", AcceptAsync).RequireTenantRole(TenantRole.Admin).RequireClientTenant()
            .WithSummary("Accept an offered agreement (client admin); in force between its dates from then on.");
        group.MapPost("/{agreementId}/decline", DeclineAsync).RequireTenantRole(TenantRole.Admin).RequireClientTenant()
            .WithSummary("Decline a pending offer (client admin).");
        group.MapPost("/{agreementId}/end", EndAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("End an agreement now, from either side (admin of the consortium or of the client).");
        return app;
    }

    private static async Task<Created<AgreementView>> OfferAsync(
        string tenantId, OfferAgreementBody body, IGrainFactory grains, AuditWriter audit, BusinessClock clock)
    {
        var agreement = await Consortium(grains, tenantId).OfferAgreementAsync(
            new AgreementInput(body.Id, body.ClientId, body.Fields, body.StartsOn, body.EndsOn, body.Access));
        await audit.WriteAsync(tenantId, "agreement.offer", $"agreements/{agreement.Id}", Describe(agreement));
        return TypedResults.Created($"/api/v1/tenants/{tenantId}/agreements/{agreement.Id}", AgreementView.From(agreement, clock.GetUtcNow()));
    }

    private static async Task<Ok<IReadOnlyList<AgreementView>>> ListAsync(string tenantId, CurrentCaller caller, IGrainFactory grains, BusinessClock clock)
    {
        var agreements = IsConsortium(caller, tenantId)
            ? await Consortium(grains, tenantId).ListAgreementsAsync()
            : await ClientSide(grains, tenantId).ListAgreementsAsync();
        var now = clock.GetUtcNow();
        return TypedResults.Ok<IReadOnlyList<AgreementView>>(agreements.Select(a => AgreementView.From(a, now)).ToList());
    }

    private static async Task<Ok<AgreementView>> GetAsync(string tenantId, string agreementId, CurrentCaller caller, IGrainFactory grains, BusinessClock clock)
    {
        Ids.Require(agreementId, "agreementId");
        var agreement = IsConsortium(caller, tenantId)
            ? await Consortium(grains, tenantId).GetAgreementAsync(agreementId)
            : await ClientSide(grains, tenantId).GetAgreementAsync(agreementId);
        return TypedResults.Ok(AgreementView.From(agreement, clock.GetUtcNow()));
    }

    private static async Task<Ok<AgreementView>> AcceptAsync(
        string tenantId, string agreementId, IGrainFactory grains, AuditWriter audit, BusinessClock clock)
    {
        Ids.Require(agreementId, "agreementId");
        var accepted = await ClientSide(grains, tenantId).AcceptAgreementAsync(agreementId);
        await audit.WriteAsync(tenantId, "agreement.accept", $"agreements/{agreementId}", Describe(accepted));
        return TypedResults.Ok(AgreementView.From(accepted, clock.GetUtcNow()));
    }

    private static async Task<Ok<AgreementView>> DeclineAsync(
        string tenantId, string agreementId, IGrainFactory grains, AuditWriter audit, BusinessClock clock)
    {
        Ids.Require(agreementId, "agreementId");
        var declined = await ClientSide(grains, tenantId).DeclineAgreementAsync(agreementId);
        await audit.WriteAsync(tenantId, "agreement.decline", $"agreements/{agreementId}", $"offered by {declined.ConsortiumId}");
        return TypedResults.Ok(AgreementView.From(declined, clock.GetUtcNow()));
    }

    private static async Task<Ok<AgreementView>> EndAsync(
        string tenantId, string agreementId, CurrentCaller caller, IGrainFactory grains, AuditWriter audit, BusinessClock clock)
    {
        Ids.Require(agreementId, "agreementId");
        var ended = IsConsortium(caller, tenantId)
            ? await Consortium(grains, tenantId).EndAgreementAsync(agreementId, null)
            : await ClientSide(grains, tenantId).EndAgreementAsync(agreementId);
        await audit.WriteAsync(tenantId, "agreement.end", $"agreements/{agreementId}", $"between {ended.ConsortiumId} and {ended.ClientId}");
        return TypedResults.Ok(AgreementView.From(ended, clock.GetUtcNow()));
    }

    private static string Describe(Agreement a) => string.Create(CultureInfo.InvariantCulture,
        $"{a.ConsortiumId} → {a.ClientId}, {string.Join('+', a.Fields)}, {a.StartsOn:yyyy-MM-dd}..{a.EndsOn:yyyy-MM-dd}, access {a.Access.ToString().ToLowerInvariant()}");
}
