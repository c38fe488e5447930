using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Host.Audit;
using Platform.Host.Security;
using static Platform.Host.Api.ConsortiumApi;

namespace Platform.Host.Api;

/// <summary>
/// Fair-cost billing (rule 4): monthly statements per client, readable by the consortium's staff
/// and by the client for its own; the yearly cost recovery for the consortium's admin; CSV of each.
/// </summary>
public static class StatementsApi
{
    public sealed record IssueStatementBody(string ClientId, string Month);

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static IEndpointRouteBuilder MapStatementsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tenants/{tenantId}").WithTags("Shared services");

        group.MapGet("/statements", GetStatementAsync).RequireConsortiumStaffOrClient()
            .WithSummary("A client's statement of a month. On a consortium's path ?client=&month=YYYY-MM; on a client's own path " +
                         "?consortium=&month=YYYY-MM. The issued one, or a draft priced now. Consortium staff, or the client's staff for its own.");
        group.MapGet("/statements.csv", GetStatementCsvAsync).RequireConsortiumStaffOrClient()
            .WithSummary("The same statement as CSV: one row per line (request × professional × rate), then a total row.");
        group.MapPost("/statements", IssueStatementAsync).RequireTenantRole(TenantRole.Admin).RequireConsortiumTenant()
            .WithSummary("Issue (freeze) a client's statement of a finished month: {clientId, month}; its entries can no longer change (consortium admin).");
        group.MapGet("/cost-recovery", GetCostRecoveryAsync).RequireTenantRole(TenantRole.Admin).RequireConsortiumTenant()
            .WithSummary("A year's cost recovery per client and in total: cost from time × rates, billed from issued statements, unbilled = cost of months not issued yet, difference = billed − cost of the issued months (?year=, consortium admin).");
        group.MapGet("/cost-recovery.csv", GetCostRecoveryCsvAsync).RequireTenantRole(TenantRole.Admin).RequireConsortiumTenant()
            .WithSummary("The same cost recovery as CSV: one row per client, then a total row.");
        return app;
    }

    private static async Task<Ok<Statement>> GetStatementAsync(
        string tenantId, string? client, string? consortium, string? month, CurrentCaller caller, IGrainFactory grains) =>
        TypedResults.Ok(await ReadStatementAsync(tenantId, client, consortium, month, caller, grains));

    private static async Task<FileContentHttpResult> GetStatementCsvAsync(
        string tenantId, string? client, string? consortium, string? month, CurrentCaller caller, IGrainFactory grains, HttpContext http)
    {
        var statement = await ReadStatementAsync(tenantId, client, consortium, month, caller, grains);
        return TypedResults.File(StatementCsv(statement, Errors.ProblemLanguage.IsFrench(http)), "text/csv; charset=utf-8", StatementCsvName(statement));
    }

    internal static string StatementCsvName(Statement statement) => $"statement-{statement.ConsortiumId}-{statement.ClientId}-{statement.Month}.csv";

    /// <summary>One row per line (request × professional × rate), then a total row, headers in French or English; also what the web app's download sends.</summary>
    internal static byte[] StatementCsv(Statement statement, bool french)
    {
        var header = french
            ? new[] { "ligne", "consortium", "client", "mois", "statut", "demande", "professionnel", "heures", "taux", "montant" }
            : ["kind", "consortiumId", "clientId", "month", "status", "requestId", "professionalId", "hours", "rate", "amount"];
        return WriteCsv(header, rows =>
        {
            var status = statement.Status.ToString().ToLowerInvariant();
            foreach (var line in statement.Lines)
                rows.Add(["line", statement.ConsortiumId, statement.ClientId, statement.Month, status, line.RequestId, line.ProfessionalId,
                    Hours(line.Hours), Money(line.Rate), Money(line.Amount)]);
            rows.Add(["total", statement.ConsortiumId, statement.ClientId, statement.Month, status, "", "", Hours(statement.Hours), "", Money(statement.Total)]);
        });
    }

    /// <summary>
    /// The consortium reads any client's statement on its path (<c>?client=</c>). A client reads only
    /// its own, through its own relay grain (404 unless it accepted an agreement with that
    /// consortium), on the consortium's path or on its own (<c>?consortium=</c>).
    /// </summary>
    private static async Task<Statement> ReadStatementAsync(
        string tenantId, string? client, string? consortium, string? month, CurrentCaller caller, IGrainFactory grains)
    {
        if (caller.TenantId == tenantId && IsConsortium(caller, tenantId))
        {
            var clientId = Ids.Require(client, "client");
            if (consortium is not null && consortium != tenantId)
                throw ValidationFailedException.For("consortium", "'consortium' is for a client's own path; on a consortium's path give 'client'.");
            return await Consortium(grains, tenantId).GetStatementAsync(clientId, YearMonth.Require(month, "month"));
        }
        var own = caller.TenantId!;
        if (caller.TenantId == tenantId)
        {
            // The client's own path: which consortium's statement it reads.
            var consortiumId = Ids.Require(consortium, "consortium");
            if (client is not null && client != own)
                throw ValidationFailedException.For("client", "'client' on a client's own path can only be that client; give 'consortium' and 'month'.");
            return await ClientSide(grains, own).GetStatementAsync(consortiumId, YearMonth.Require(month, "month"));
        }
        if (client is not null && client != own) throw new NotFoundException("No such statement.");
        if (consortium is not null && consortium != tenantId) throw new NotFoundException("No such statement.");
        return await ClientSide(grains, own).GetStatementAsync(tenantId, YearMonth.Require(month, "month"));
    }

    private static async Task<Created<Statement>> IssueStatementAsync(
        string tenantId, IssueStatementBody body, IGrainFactory grains, AuditWriter audit)
    {
        var month = YearMonth.Require(body.Month, "month");
        var clientId = Ids.Require(body.ClientId, "clientId");
        var statement = await Consortium(grains, tenantId).IssueStatementAsync(clientId, month);
        await audit.WriteAsync(tenantId, "statement.issue", $"statements/{clientId}/{month}",
            string.Create(Invariant, $"{statement.Lines.Count} line(s), {statement.Hours} h, total {Money(statement.Total)} $"));
        return TypedResults.Created($"/api/v1/tenants/{tenantId}/statements?client={clientId}&month={month}", statement);
    }

    private static async Task<Ok<CostRecovery>> GetCostRecoveryAsync(string tenantId, string? year, IGrainFactory grains) =>
        TypedResults.Ok(await Consortium(grains, tenantId).GetCostRecoveryAsync(ParseYear(year)));

    private static async Task<FileContentHttpResult> GetCostRecoveryCsvAsync(string tenantId, string? year, IGrainFactory grains, HttpContext http)
    {
        var parsed = ParseYear(year);
        var report = await Consortium(grains, tenantId).GetCostRecoveryAsync(parsed);
        // The header row in the caller's language (Accept-Language); the values stay the API's.
        var header = Errors.ProblemLanguage.IsFrench(http)
            ? new[] { "ligne", "consortium", "année", "client", "coût", "facturé", "non facturé", "écart" }
            : ["kind", "consortiumId", "year", "clientId", "cost", "billed", "unbilled", "difference"];
        var csv = WriteCsv(header, rows =>
        {
            var y = report.Year.ToString(Invariant);
            foreach (var c in report.Clients)
                rows.Add(["client", report.ConsortiumId, y, c.ClientId, Money(c.Cost), Money(c.Billed), Money(c.Unbilled), Money(c.Difference)]);
            rows.Add(["total", report.ConsortiumId, y, "", Money(report.Cost), Money(report.Billed), Money(report.Unbilled), Money(report.Difference)]);
        });
        return TypedResults.File(csv, "text/csv; charset=utf-8", $"cost-recovery-{report.ConsortiumId}-{report.Year}.csv");
    }

    private static int ParseYear(string? year) =>
        int.TryParse(year, NumberStyles.None, Invariant, out var parsed)
            ? YearMonth.RequireYear(parsed, "year")
            : throw ValidationFailedException.For("year", "'year' is required, e.g. ?year=2026.");

    // Money always with two decimals, hours as recorded: the CSV reads the same whatever the decimal scale in memory.
    private static string Money(decimal amount) => amount.ToString("0.00", Invariant);

    private static string Hours(decimal hours) => hours.ToString("0.##", Invariant);

    /// <summary>RFC 4180 CSV in UTF-8 without a byte order mark (CsvHelper's defaults), every row with the header's field count.</summary>
    private static byte[] WriteCsv(string[] header, Action<List<string[]>> fill)
    {
        var rows = new List<string[]> { header };
        fill(rows);
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, CsvWriterOptions.Default, leaveOpen: true))
        {
            foreach (var row in rows) csv.WriteRecord(row);
        }
        return buffer.ToArray();
    }
}
