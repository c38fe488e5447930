using Platform.Abstractions;
using Platform.Host.Security;

namespace Platform.Host.Api;

/// <summary>
/// The statements page's CSV download for a signed-in person (the API's <c>statements.csv</c> takes
/// keys only): the same file. On a consortium, <c>party</c> is the client (its staff); on a client,
/// <c>party</c> is the consortium and the statement is its own (its staff, through its relay grain).
/// </summary>
public static class ConsortiumWebExports
{
    public static IEndpointRouteBuilder MapConsortiumWebExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/t/{tenantId}/statements.csv", async (string tenantId, string? party, string? month, CurrentCaller caller, IGrainFactory grains) =>
        {
            if (caller.Person is null || !caller.IsTenantKey || caller.TenantId != tenantId || caller.Role < TenantRole.Staff
                || !Ids.IsValid(party) || !YearMonth.TryParse(month, out var parsed))
                return Results.NotFound();
            try
            {
                var statement = caller.TenantKind == TenantKind.Consortium
                    ? await grains.GetGrain<IConsortiumGrain>(tenantId).GetStatementAsync(party!, parsed)
                    : await grains.GetGrain<IConsortiumClientGrain>(tenantId).GetStatementAsync(party!, parsed);
                return Results.File(StatementsApi.StatementCsv(statement, System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr"), "text/csv; charset=utf-8", StatementsApi.StatementCsvName(statement));
            }
            catch (NotFoundException)
            {
                return Results.NotFound();
            }
        }).ExcludeFromDescription();
        return app;
    }
}
