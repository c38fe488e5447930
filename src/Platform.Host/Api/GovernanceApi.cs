using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Abstractions.Governance;
using Platform.Host.Audit;
using Platform.Host.Security;

namespace Platform.Host.Api;

/// <summary>Governance bodies, their proposals, positions and decisions (API.md "Governance", rule 8).</summary>
public static class GovernanceApi
{
    public sealed record PositionRequest(string? Seat = null, Position? Position = null);

    public static IEndpointRouteBuilder MapGovernanceApi(this IEndpointRouteBuilder app)
    {
        var bodies = app.MapGroup("/api/v1/tenants/{tenantId}/bodies").WithTags("Governance");

        bodies.MapPut("/{bodyId}", DefineBodyAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Create or replace a body {kind, name, seats:[{id, holder?, voting, role?}], quorum?} (admin); quorum is a number of voting seats.");
        bodies.MapGet("/{bodyId}", GetBodyAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("Read a body and its seats (viewer+).");
        bodies.MapPost("/{bodyId}/proposals", OpenProposalAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Open a proposal {id?, title, mode} (staff+); a co-direction decides by consensus.");
        bodies.MapGet("/{bodyId}/proposals", ListProposalsAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("Every proposal of the body, newest first (viewer+).");
        bodies.MapGet("/{bodyId}/proposals/{proposalId}", GetProposalAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("A proposal with its positions and, once closed, its outcome (viewer+).");
        bodies.MapPost("/{bodyId}/proposals/{proposalId}/positions", StatePositionAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("State or change a seat's position {seat, position} while the proposal is open (staff+).");
        bodies.MapPost("/{bodyId}/proposals/{proposalId}/close", CloseProposalAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Close and decide: passed, rejected or no-quorum, with counted and uncounted positions (staff+).");
        return app;
    }

    private static async Task<Ok<GovernanceBody>> DefineBodyAsync(
        string tenantId, string bodyId, BodyDefinition definition, IGrainFactory grains, AuditWriter audit)
    {
        var body = await Body(grains, tenantId, bodyId).DefineAsync(definition);
        await audit.WriteAsync(tenantId, "body.put", $"bodies/{bodyId}", $"{Wire(body.Kind)}, {body.Seats.Count} seats");
        return TypedResults.Ok(body);
    }

    private static async Task<Results<Ok<GovernanceBody>, ProblemHttpResult>> GetBodyAsync(string tenantId, string bodyId, IGrainFactory grains) =>
        await Body(grains, tenantId, bodyId).GetAsync() is { } body ? TypedResults.Ok(body) : ApiProblems.NotFound($"No body '{bodyId}'.");

    private static async Task<Created<Proposal>> OpenProposalAsync(
        string tenantId, string bodyId, NewProposal proposal, IGrainFactory grains, AuditWriter audit)
    {
        var opened = await Body(grains, tenantId, bodyId).OpenProposalAsync(proposal);
        await audit.WriteAsync(tenantId, "proposal.open", $"bodies/{bodyId}/proposals/{opened.Id}", Wire(opened.Mode));
        return TypedResults.Created($"/api/v1/tenants/{tenantId}/bodies/{bodyId}/proposals/{opened.Id}", opened);
    }

    private static async Task<Results<Ok<IReadOnlyList<Proposal>>, ProblemHttpResult>> ListProposalsAsync(string tenantId, string bodyId, IGrainFactory grains)
    {
        var body = Body(grains, tenantId, bodyId);
        if (await body.GetAsync() is null) return ApiProblems.NotFound($"No body '{bodyId}'.");
        return TypedResults.Ok(await body.ListProposalsAsync());
    }

    private static async Task<Results<Ok<Proposal>, ProblemHttpResult>> GetProposalAsync(
        string tenantId, string bodyId, string proposalId, IGrainFactory grains) =>
        await Body(grains, tenantId, bodyId).GetProposalAsync(Ids.Require(proposalId, "proposalId")) is { } proposal
            ? TypedResults.Ok(proposal)
            : ApiProblems.NotFound($"No proposal '{proposalId}' in body '{bodyId}'.");

    private static async Task<Ok<Proposal>> StatePositionAsync(
        string tenantId, string bodyId, string proposalId, PositionRequest request, IGrainFactory grains, AuditWriter audit)
    {
        var proposal = await Body(grains, tenantId, bodyId).StatePositionAsync(Ids.Require(proposalId, "proposalId"), request.Seat, request.Position);
        await audit.WriteAsync(tenantId, "position.state", $"bodies/{bodyId}/proposals/{proposalId}",
            $"seat {request.Seat}: {Wire(request.Position)}");
        return TypedResults.Ok(proposal);
    }

    private static async Task<Ok<DecisionOutcome>> CloseProposalAsync(
        string tenantId, string bodyId, string proposalId, IGrainFactory grains, AuditWriter audit)
    {
        var outcome = await Body(grains, tenantId, bodyId).CloseProposalAsync(Ids.Require(proposalId, "proposalId"));
        await audit.WriteAsync(tenantId, "proposal.close", $"bodies/{bodyId}/proposals/{proposalId}", Wire(outcome.Outcome));
        return TypedResults.Ok(outcome);
    }

    /// <summary>An enum as the API spells it (<c>co-direction</c>, <c>two-thirds</c>, <c>no-quorum</c>), for the audit log.</summary>
    private static string Wire(Enum? value) => value is null ? "" : JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static IGovernanceBodyGrain Body(IGrainFactory grains, string tenantId, string bodyId) =>
        grains.GetGrain<IGovernanceBodyGrain>(Ids.Key(tenantId, Ids.Require(bodyId, "bodyId")));
}
