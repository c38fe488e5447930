using Microsoft.AspNetCore.Components;
using Platform.Abstractions;
using Platform.Host.Security;

namespace Platform.Host.Web.Shared;

/// <summary>
/// Every page under <c>/t/{tenantId}</c>. Before anything is read: no session → the sign-in page;
/// a person who is not a member of that tenant, or whose role or tenant kind does not open the
/// page → a not-found page (404), never data. The check is the request's <see cref="CurrentCaller"/>,
/// the same one the API's filters use.
/// </summary>
public abstract class TenantPage : ComponentBase
{
    [Parameter] public string TenantId { get; set; } = "";
    [CascadingParameter] protected HttpContext HttpContext { get; set; } = default!;
    [Inject] protected CurrentCaller Caller { get; set; } = default!;
    [Inject] protected IGrainFactory Grains { get; set; } = default!;
    [Inject] protected NavigationManager Nav { get; set; } = default!;

    protected bool Allowed { get; private set; }
    protected TenantProfile Tenant { get; private set; } = default!;
    protected IReadOnlyList<TenantProfile> MyTenants { get; private set; } = [];

    protected virtual TenantRole MinimumRole => TenantRole.Viewer;
    protected virtual bool FederationOnly => false;

    protected bool CanEdit => Allowed && Caller.Role >= TenantRole.Staff;
    protected bool IsAdmin => Allowed && Caller.Role >= TenantRole.Admin;
    protected static string Lang => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    protected sealed override async Task OnInitializedAsync()
    {
        if (Caller.Person is not { } person)
        {
            Nav.NavigateTo($"/signin?returnUrl={Uri.EscapeDataString("/" + Nav.ToBaseRelativePath(Nav.Uri))}");
            return;
        }
        if (!Caller.IsTenantKey || Caller.TenantId != TenantId || Caller.Role < MinimumRole
            || (FederationOnly && Caller.TenantKind != TenantKind.Federation))
        {
            HttpContext.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        // The names of the person's own tenants, for the switcher: read on the platform's behalf,
        // since the request acts in one tenant only; a membership is what entitles the person to them.
        MyTenants = await SystemCalls.RunAsync(async () =>
            (await Task.WhenAll(person.Memberships.Keys.Select(id => Grains.GetGrain<ITenantGrain>(id).GetProfileAsync())))
            .OfType<TenantProfile>().OrderBy(t => t.Name.In(Lang), StringComparer.CurrentCulture).ToList());
        Tenant = MyTenants.First(t => t.Id == TenantId);
        Allowed = true;
        await LoadAsync();
    }

    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>What the shell draws: set once the checks passed.</summary>
    protected TenantPageState Shell => new(Allowed, Allowed ? Tenant : null!, MyTenants);

    /// <summary>A form post the caller's role does not allow (a forged or stale form): refused, nothing written.</summary>
    protected bool RefuseUnlessStaff()
    {
        if (CanEdit) return false;
        HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
        return true;
    }
}

/// <summary>The header's inputs: whether the page opened, the tenant and the person's other tenants.</summary>
public sealed record TenantPageState(bool Allowed, TenantProfile Tenant, IReadOnlyList<TenantProfile> MyTenants);
