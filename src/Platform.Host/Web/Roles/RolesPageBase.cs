using Microsoft.AspNetCore.Components;
using Platform.Host.Audit;
using Platform.Host.Web.Shared;

namespace Platform.Host.Web.Roles;

/// <summary>
/// The pages of the roles tab. Reading is for every member of the tenant; changing a role, a pair
/// or a posting is for its admins, as on the API (<c>PUT …/roles/{r}</c> and <c>/pair</c> are admin).
/// </summary>
public abstract class RolesPageBase : TenantPage
{
    [Inject] private AuditWriter Audit { get; set; } = default!;
    private RoleActions? _actions;

    protected RoleActions Actions => _actions ??= new RoleActions(Grains, Audit);

    /// <summary>A form post from someone who is not an admin (a forged or stale form): refused, nothing written.</summary>
    protected bool RefuseUnlessAdmin()
    {
        if (IsAdmin) return false;
        HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
        return true;
    }

    /// <summary>A role that does not exist in this tenant: a 404, as for another tenant's page (TenantPage).</summary>
    protected void NotFound() => HttpContext.Response.StatusCode = StatusCodes.Status404NotFound;

    protected static string Date(DateOnly? date) =>
        date is { } d ? Shared.Dates.Long(d) : "—";

    protected static string Money(decimal amount) => amount.ToString("C2", System.Globalization.CultureInfo.CurrentCulture);

    protected static string Hours(decimal hours) => hours.ToString("0.##", System.Globalization.CultureInfo.CurrentCulture);
}
