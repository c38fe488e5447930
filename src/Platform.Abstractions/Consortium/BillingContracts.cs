using Orleans.Concurrency;
using Orleans;

namespace Platform.Abstractions;

/// <summary>Hours a professional worked on a request on one day, as the consortium's staff records them.</summary>
[GenerateSerializer, Immutable, Alias("TimeEntryInput")]
public sealed record TimeEntryInput(string RequestId, string ProfessionalId, DateOnly On, decimal Hours);

/// <summary>A recorded time entry. Its id carries its month (<c>te-yyyymm-…</c>) so it can be found again from the id alone.</summary>
[GenerateSerializer, Immutable, Alias("TimeEntry")]
public sealed record TimeEntry(
    string Id,
    string RequestId,
    string ClientId,
    string ProfessionalId,
    DateOnly On,
    decimal Hours,
    DateTimeOffset RecordedAt);

/// <summary>Optional filters when listing a month's time entries.</summary>
[GenerateSerializer, Immutable, Alias("TimeEntryFilter")]
public sealed record TimeEntryFilter(string? ClientId = null, string? ProfessionalId = null, string? RequestId = null);

public enum StatementStatus { Draft, Issued }

/// <summary>
/// One line of a statement: every hour one professional worked on one request at one rate in the
/// month. Amount = hours × rate rounded to the cent, midpoint away from zero.
/// </summary>
[GenerateSerializer, Immutable, Alias("StatementLine")]
public sealed record StatementLine(string RequestId, string ProfessionalId, decimal Hours, decimal Rate, decimal Amount);

/// <summary>
/// A client's monthly statement (rule 4: the cost of the service, no margin). A draft is priced
/// from the ledger and today's rate history each time it is read; an issued one is frozen.
/// </summary>
[GenerateSerializer, Immutable, Alias("Statement")]
public sealed record Statement(
    string ConsortiumId,
    string ClientId,
    string Month,
    StatementStatus Status,
    IReadOnlyList<StatementLine> Lines,
    decimal Hours,
    decimal Total,
    DateTimeOffset? IssuedAt = null);

/// <summary>
/// One client's year. <see cref="Cost"/> re-prices every time entry with the rate histories;
/// <see cref="Billed"/> adds up the issued statements; <see cref="Unbilled"/> is the cost of the
/// months not issued yet (the current month, typically). <see cref="Difference"/> = billed − the
/// cost of the issued months: zero under fair cost, so anything else reveals an error (a rate
/// corrected after its month was billed, a tampered statement…). Positive = billed beyond cost.
/// </summary>
[GenerateSerializer, Immutable, Alias("ClientCostRecovery")]
public sealed record ClientCostRecovery(string ClientId, decimal Cost, decimal Billed, decimal Unbilled, decimal Difference);

[GenerateSerializer, Immutable, Alias("CostRecovery")]
public sealed record CostRecovery(
    string ConsortiumId,
    int Year,
    IReadOnlyList<ClientCostRecovery> Clients,
    decimal Cost,
    decimal Billed,
    decimal Unbilled,
    decimal Difference);

/// <summary>
/// A consortium's time entries and issued statements for one month (key
/// <c>{consortiumId}/{yyyy-MM}</c>), so no grain grows with the years. Written only by the consortium
/// grain, which passes in the rates; this grain calls nobody.
/// </summary>
public interface ITimeLedgerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records an entry of this month. 409 when the professional would pass 24 hours that day or
    /// when the client's statement for this month is already issued.
    /// </summary>
    Task<TimeEntry> RecordAsync(TimeEntry entry);

    /// <summary>Removes an entry; 404 when unknown, 409 when its client's statement is issued.</summary>
    Task<TimeEntry> RemoveAsync(string entryId);

    [ReadOnly] Task<IReadOnlyList<TimeEntry>> ListAsync();

    /// <summary>The issued statement of a client, or null.</summary>
    [ReadOnly] Task<Statement?> GetIssuedAsync(string clientId);

    [ReadOnly] Task<IReadOnlyList<Statement>> ListIssuedAsync();

    /// <summary>Prices the client's entries of the month and freezes them as its statement; 409 when issued already or nothing to bill.</summary>
    Task<Statement> IssueAsync(string clientId, RateBook rates);
}
