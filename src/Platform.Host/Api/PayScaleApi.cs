using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Abstractions.Roles;
using Platform.Host.Audit;
using Platform.Host.Security;

namespace Platform.Host.Api;

/// <summary>Pay equity (rule 7): the tenant's pay scale, and the policy it is measured against.</summary>
public static class PayScaleApi
{
    public static IEndpointRouteBuilder MapPayScaleApi(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/v1/tenants/{tenantId}").WithTags("Pay equity");

        tenant.MapGet("/pay-scale", GetPayScaleAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Each role's salary range per hour worked and as a full-time year, and the ratio of the highest maximum to the lowest minimum (admin).");
        tenant.MapGet("/pay-policy", GetPayPolicyAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("The tenant's full-time week and maximum pay ratio (admin).");
        tenant.MapPut("/pay-policy", PutPayPolicyAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Set {maxRatio?, fullTimeHoursPerWeek?} (admin); 409 when the roles already exceed the new maximum.");
        return app;
    }

    private static async Task<Ok<PayScale>> GetPayScaleAsync(string tenantId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ITenantRolesGrain>(tenantId).GetPayScaleAsync());

    private static async Task<Ok<PayPolicy>> GetPayPolicyAsync(string tenantId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ITenantRolesGrain>(tenantId).GetPayPolicyAsync());

    private static async Task<Ok<PayPolicy>> PutPayPolicyAsync(string tenantId, PayPolicyUpdate update, IGrainFactory grains, AuditWriter audit)
    {
        var policy = await grains.GetGrain<ITenantRolesGrain>(tenantId).SetPayPolicyAsync(update);
        await audit.WriteAsync(tenantId, "pay-policy.put", "pay-policy", PolicyAudit(policy));
        return TypedResults.Ok(policy);
    }

    /// <summary>The audit details of a policy change, shared with the web app's pay scale page.</summary>
    internal static string PolicyAudit(PayPolicy policy) =>
        FormattableString.Invariant($"maxRatio {(policy.MaxRatio is { } cap ? cap.ToString(CultureInfo.InvariantCulture) : "none")}, full-time week {policy.FullTimeHoursPerWeek} h");
}
