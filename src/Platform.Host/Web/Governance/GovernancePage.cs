using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Platform.Abstractions;
using Platform.Abstractions.Governance;
using Platform.Host.Audit;
using Platform.Host.Web.Shared;

namespace Platform.Host.Web.Governance;

/// <summary>
/// The pages of one body (<c>/t/{t}/governance/{b}…</c>): the body is read before anything else, and
/// an unknown body (or a malformed id) is the same not-found page as another tenant's address.
/// </summary>
public abstract class GovernancePage : TenantPage
{
    [Parameter] public string BodyId { get; set; } = "";
    [Inject] protected IStringLocalizer<Strings> Loc { get; set; } = default!;
    [Inject] protected BusinessClock Clock { get; set; } = default!;
    [Inject] protected AuditWriter Audit { get; set; } = default!;

    protected GovernanceBody? Body { get; private set; }

    /// <summary>The tenant's people by id, to name seat holders.</summary>
    protected IReadOnlyDictionary<string, TenantPerson> People { get; private set; } = new Dictionary<string, TenantPerson>();

    /// <summary>Titles of the tenant's roles, for seats tied to a role (staff ex officio, co-leads).</summary>
    protected IReadOnlyDictionary<string, LocalizedText> RoleTitles { get; private set; } = new Dictionary<string, LocalizedText>();

    protected string? Error { get; set; }
    protected string? Done { get; set; }

    protected IGovernanceBodyGrain BodyGrain => Grains.GetGrain<IGovernanceBodyGrain>(Ids.Key(TenantId, BodyId));

    protected sealed override async Task LoadAsync()
    {
        if (!Ids.IsValid(BodyId) || await BodyGrain.GetAsync() is not { } body)
        {
            NotFound();
            return;
        }
        Body = body;
        People = (await Grains.GetGrain<ITenantPeopleGrain>(TenantId).ListPeopleAsync()).ToDictionary(p => p.Id);
        if (body.Seats.Any(s => s.Role is not null))
            RoleTitles = (await Grains.GetGrain<Platform.Abstractions.Roles.ITenantRolesGrain>(TenantId).ListAsync()).ToDictionary(r => r.Id, r => r.Title);
        await LoadBodyPartAsync();
    }

    /// <summary>What the page reads beyond the body; called again after a form post changed something.</summary>
    protected virtual Task LoadBodyPartAsync() => Task.CompletedTask;

    protected async Task ReloadAsync()
    {
        Body = await BodyGrain.GetAsync();
        await LoadBodyPartAsync();
    }

    protected void NotFound()
    {
        Body = null;
        HttpContext.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    /// <summary>A refused change: the page says why in its language, with the status an API client would get.</summary>
    protected void Refused(string message, int status = StatusCodes.Status400BadRequest)
    {
        Error = message;
        HttpContext.Response.StatusCode = status;
    }

    /// <summary>Runs a change; a rule the grain enforces (a bound, a closed proposal…) is shown, nothing written.</summary>
    protected async Task<bool> TryChangeAsync(Func<Task> change)
    {
        try
        {
            await change();
            return true;
        }
        catch (ValidationFailedException) { Refused(Loc["Gov.Error.Invalid"]); }
        catch (ConflictException) { Refused(Loc["Gov.Error.Conflict"], StatusCodes.Status409Conflict); }
        catch (AccessDeniedException) { Refused(Loc["Gov.Error.Denied"], StatusCodes.Status403Forbidden); }
        catch (NotFoundException) { Refused(Loc["Gov.Error.Gone"], StatusCodes.Status404NotFound); }
        return false;
    }

    /// <summary>
    /// A seat's label: the title of its role (a seat tied to a role, whose holder text names a
    /// person), else its name in the body (a delegation), else its id.
    /// </summary>
    protected string SeatLabel(Seat seat) =>
        seat.Role is { } role && RoleTitles.TryGetValue(role, out var title) ? title.In(Lang) : seat.Holder ?? seat.Id;

    /// <summary>
    /// Who holds the seat: the person of the tenant given the seat (while still a person of the
    /// tenant); for a seat tied to a role, the name its definition gives when nobody was given it.
    /// </summary>
    protected string? HolderOf(Seat seat) =>
        seat.Person is { } id && People.TryGetValue(id, out var person) ? person.Name
        : seat.Role is not null && RoleTitles.ContainsKey(seat.Role) ? seat.Holder
        : null;

    protected static string Wire(Enum value) => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    protected static string LongDate(DateOnly date) => Shared.Dates.Long(date);

    protected static string LongDate(DateTimeOffset at) => Shared.Dates.Long(at.ToOffset(Eastern));

    /// <summary>
    /// The tenants' calendar: Eastern time as a fixed UTC−5, the same the grains use (the job board,
    /// a meeting's day); the gateway names no grain type, so the offset is repeated here.
    /// </summary>
    protected static readonly TimeSpan Eastern = TimeSpan.FromHours(-5);

    /// <summary>Today in the tenants' calendar, the day the grains compare a meeting's date with.</summary>
    protected DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().ToOffset(Eastern).DateTime);
}
