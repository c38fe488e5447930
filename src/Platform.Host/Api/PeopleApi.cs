using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Host.Audit;
using Platform.Host.People;
using Platform.Host.Security;

namespace Platform.Host.Api;

/// <summary>The people of a tenant and their invitations (API.md "People").</summary>
public static class PeopleApi
{
    public sealed record InviteRequest(string? Email, TenantRole? Role, string? Name = null);

    public sealed record CreatedInvitation(string Id, string Link, DateTimeOffset ExpiresAt);

    public sealed record PersonPatch(TenantRole? Role = null);

    public sealed record PersonView(string Id, string Name, string Email, TenantRole Role);

    public static IEndpointRouteBuilder MapPeopleApi(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/v1/tenants/{tenantId}").WithTags("People");
        tenant.MapPost("/invitations", InviteAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Invite a person {email, role, name?}; answers the single-use link, open for 7 days (admin).");
        tenant.MapGet("/invitations", ListInvitationsAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("The tenant's invitations with their status, without their links (admin).");
        tenant.MapDelete("/invitations/{invitationId}", RevokeInvitationAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Revoke a pending invitation; its link opens nothing from then on (admin).");
        tenant.MapGet("/people", ListPeopleAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("The people of the tenant with their role (admin).");
        tenant.MapPatch("/people/{personId}", ChangeRoleAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Change a person's role {role}; it applies from the person's next request. An admin cannot change its own role (admin).");
        tenant.MapDelete("/people/{personId}", RemovePersonAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Remove a person from the tenant; its sessions there end at the next request (admin).");
        return app;
    }

    private static async Task<Created<CreatedInvitation>> InviteAsync(
        string tenantId, InviteRequest request, PeopleService people, CurrentCaller caller, AuditWriter audit, BusinessClock clock)
    {
        var email = PeopleService.ValidateEmail(request.Email) ?? throw ValidationFailedException.For("email", "'email' must be an email address.");
        if (request.Role is not { } role || !Enum.IsDefined(role)) throw ValidationFailedException.For("role", "'role' must be admin, staff or viewer.");
        if (request.Name is { Length: > 200 }) throw ValidationFailedException.For("name", "'name' is limited to 200 characters.");
        var issued = await people.InviteAsync(tenantId, email, request.Name?.Trim(), role, caller.Actor);
        await audit.WriteAsync(tenantId, "invitation.create", $"invitations/{issued.Id}", $"role {role.ToString().ToLowerInvariant()}, {email}");
        return TypedResults.Created($"/api/v1/tenants/{tenantId}/invitations/{issued.Id}",
            new CreatedInvitation(issued.Id, issued.Link, clock.GetUtcNow() + PeopleKeys.InvitationLifetime));
    }

    private static async Task<Ok<IReadOnlyList<Invitation>>> ListInvitationsAsync(string tenantId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ITenantPeopleGrain>(tenantId).ListInvitationsAsync());

    private static async Task<NoContent> RevokeInvitationAsync(string tenantId, string invitationId, IGrainFactory grains, AuditWriter audit)
    {
        if (!Ids.IsValid(invitationId)) throw new NotFoundException("No such invitation.");
        await grains.GetGrain<ITenantPeopleGrain>(tenantId).RevokeInvitationAsync(invitationId);
        await audit.WriteAsync(tenantId, "invitation.revoke", $"invitations/{invitationId}");
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<PersonView>>> ListPeopleAsync(string tenantId, IGrainFactory grains) =>
        TypedResults.Ok((await grains.GetGrain<ITenantPeopleGrain>(tenantId).ListPeopleAsync())
            .Select(p => new PersonView(p.Id, p.Name, p.Email, p.Role)).ToList());

    private static async Task<Ok<PersonView>> ChangeRoleAsync(
        string tenantId, string personId, PersonPatch patch, PeopleService people, CurrentCaller caller, AuditWriter audit)
    {
        if (!Ids.IsValid(personId)) throw new NotFoundException("No such person.");
        if (patch.Role is not { } role || !Enum.IsDefined(role)) throw ValidationFailedException.For("role", "'role' must be admin, staff or viewer.");
        var changed = await people.ChangeRoleAsync(tenantId, personId, role, caller.PersonId);
        await audit.WriteAsync(tenantId, "person.role", $"people/{personId}", $"role {role.ToString().ToLowerInvariant()}");
        return TypedResults.Ok(new PersonView(changed.Id, changed.Name, changed.Email, changed.Role));
    }

    private static async Task<NoContent> RemovePersonAsync(string tenantId, string personId, PeopleService people, AuditWriter audit)
    {
        if (!Ids.IsValid(personId)) throw new NotFoundException("No such person.");
        await people.RemoveAsync(tenantId, personId);
        await audit.WriteAsync(tenantId, "person.remove", $"people/{personId}");
        return TypedResults.NoContent();
    }
}
