using Orleans.Concurrency;
using Orleans;

namespace Platform.Abstractions;

/// <summary>A field of expertise the consortium offers (legal, events, web…), named in both languages.</summary>
[GenerateSerializer, Immutable, Alias("ExpertiseField")]
public sealed record ExpertiseField(string Id, LocalizedText Name);

/// <summary>
/// One step of a professional's cost-rate history: <see cref="Rate"/> dollars per hour applies from
/// <see cref="EffectiveFrom"/> until the next change. The earliest step also covers every earlier
/// day, so a day never lacks a rate.
/// </summary>
[GenerateSerializer, Immutable, Alias("RateChange")]
public sealed record RateChange(DateOnly EffectiveFrom, decimal Rate)
{
    /// <summary>The rate in force on <paramref name="day"/> in a history sorted by date (at least one step).</summary>
    public static decimal RateOn(IReadOnlyList<RateChange> history, DateOnly day)
    {
        if (history.Count == 0) throw new InvalidOperationException("A rate history holds at least one step.");
        var rate = history[0].Rate;
        foreach (var step in history)
        {
            if (step.EffectiveFrom > day) break;
            rate = step.Rate;
        }
        return rate;
    }
}

/// <summary>
/// What a consortium admin sends to create or replace a professional. A <see cref="CostRate"/> that
/// differs from the rate in force on <see cref="RateEffectiveFrom"/> (default: today) adds a step to
/// the rate history; it never rewrites the rates of other days.
/// </summary>
[GenerateSerializer, Immutable, Alias("ProfessionalInput")]
public sealed record ProfessionalInput(
    string Name,
    IReadOnlyList<string> Fields,
    decimal CostRate,
    decimal WeeklyCapacity,
    bool Active = true,
    DateOnly? RateEffectiveFrom = null);

/// <summary>
/// A professional of the consortium. <see cref="Fields"/> is ordered: the first is the main field
/// (a primary match when ranking candidates). <see cref="CostRate"/> is the rate in force today.
/// <see cref="PersonId"/> is the person account of the consortium that is this professional, if
/// any: that person may record their own hours in the web app.
/// </summary>
[GenerateSerializer, Immutable, Alias("Professional")]
public sealed record Professional(
    string Id,
    string Name,
    IReadOnlyList<string> Fields,
    decimal CostRate,
    IReadOnlyList<RateChange> RateHistory,
    decimal WeeklyCapacity,
    bool Active,
    string? PersonId = null);

/// <summary>Every professional's rate history, handed to the time ledger to price its entries.</summary>
[GenerateSerializer, Immutable, Alias("RateBook")]
public sealed record RateBook(IReadOnlyDictionary<string, IReadOnlyList<RateChange>> Histories)
{
    public decimal RateOn(string professionalId, DateOnly day) =>
        Histories.TryGetValue(professionalId, out var history)
            ? RateChange.RateOn(history, day)
            : throw new InvalidOperationException($"No rate history for professional '{professionalId}'.");
}

/// <summary>What a tenant's deletion ended between a consortium and its clients.</summary>
[GenerateSerializer, Immutable, Alias("ConsortiumDeparture")]
public sealed record ConsortiumDeparture(IReadOnlyList<Agreement> EndedAgreements, IReadOnlyList<string> CancelledRequestIds);

/// <summary>
/// A shared-services consortium (key <c>{tenantId}</c>): its fields, professionals and agreements,
/// and the small book of requests still open or assigned (closed ones live only in their own
/// <see cref="IServiceRequestGrain"/>). Every consortium write passes through here, and this grain
/// is the only caller of the request, ledger and client-agreement grains, so calls never cycle.
/// </summary>
public interface IConsortiumGrain : IGrainWithStringKey
{
    Task<ExpertiseField> PutFieldAsync(string fieldId, LocalizedText name);

    [ReadOnly] Task<IReadOnlyList<ExpertiseField>> ListFieldsAsync();

    Task<Professional> PutProfessionalAsync(string professionalId, ProfessionalInput input);

    /// <summary>404 when unknown.</summary>
    [ReadOnly] Task<Professional> GetProfessionalAsync(string professionalId);

    [ReadOnly] Task<IReadOnlyList<Professional>> ListProfessionalsAsync();

    /// <summary>
    /// Links the professional to a person account of the consortium (null unlinks). A person is at
    /// most one professional: 409 when linked to another. Replacing the professional keeps the link.
    /// </summary>
    Task<Professional> LinkPersonAsync(string professionalId, string? personId);

    /// <summary>Offers an agreement to a client: pending until the client's admin accepts it.</summary>
    Task<Agreement> OfferAgreementAsync(AgreementInput input);

    [ReadOnly] Task<IReadOnlyList<Agreement>> ListAgreementsAsync();

    /// <summary>404 when unknown.</summary>
    [ReadOnly] Task<Agreement> GetAgreementAsync(string agreementId);

    /// <summary>The client's admin accepts (404 unless the agreement was offered to <paramref name="clientId"/>).</summary>
    Task<Agreement> AcceptAgreementAsync(string agreementId, string clientId);

    /// <summary>The client's admin declines a pending offer.</summary>
    Task<Agreement> DeclineAgreementAsync(string agreementId, string clientId);

    /// <summary>Either side ends an agreement now. <paramref name="clientId"/> is the client's id when the client ends it, null for the consortium.</summary>
    Task<Agreement> EndAgreementAsync(string agreementId, string? clientId);

    /// <summary>A client submits a request; 409 when no agreement in force today covers its field.</summary>
    Task<ServiceRequest> SubmitRequestAsync(string clientId, ServiceRequestInput input);

    /// <summary>Requests still open or assigned, optionally of one client.</summary>
    [ReadOnly] Task<IReadOnlyList<ServiceRequest>> ListActiveRequestsAsync(string? clientId);

    /// <summary>Requests done or cancelled (<paramref name="status"/>) in a calendar year, optionally of one client, latest first.</summary>
    [ReadOnly] Task<IReadOnlyList<ServiceRequest>> ListClosedRequestsAsync(int year, ServiceRequestStatus status, string? clientId);

    /// <summary>Professionals practising the request's field, best first (see docs/consortium.md).</summary>
    [ReadOnly] Task<CandidateList> GetCandidatesAsync(string requestId);

    Task<ServiceRequest> AssignAsync(string requestId, string professionalId, decimal? estimatedHours);

    Task<ServiceRequest> CompleteRequestAsync(string requestId);

    /// <summary>Cancels an open or assigned request; <paramref name="clientId"/> set when the client cancels its own.</summary>
    Task<ServiceRequest> CancelRequestAsync(string requestId, string? clientId);

    Task<TimeEntry> RecordTimeAsync(TimeEntryInput input);

    /// <summary>Removes a mistaken entry, unless the client's statement of that month was issued.</summary>
    Task<TimeEntry> RemoveTimeEntryAsync(string entryId);

    [ReadOnly] Task<IReadOnlyList<TimeEntry>> ListTimeEntriesAsync(YearMonth month, TimeEntryFilter filter);

    /// <summary>The issued statement of a client's month, or a draft priced at today's rate history.</summary>
    [ReadOnly] Task<Statement> GetStatementAsync(string clientId, YearMonth month);

    /// <summary>Freezes a finished month's statement for a client; its entries can no longer change.</summary>
    Task<Statement> IssueStatementAsync(string clientId, YearMonth month);

    /// <summary>Cost, billed and difference per client for one year, from separate sources (rule 4).</summary>
    [ReadOnly] Task<CostRecovery> GetCostRecoveryAsync(int year);

    /// <summary>
    /// The client's tenant is being deleted: its pending and accepted agreements end (by the
    /// client) and its open or assigned requests are cancelled. Time entries and statements stay:
    /// they are the consortium's own accounts.
    /// </summary>
    Task<ConsortiumDeparture> ClientDepartingAsync(string clientId);

    /// <summary>
    /// This consortium's tenant is being deleted: every pending or accepted agreement ends (by the
    /// consortium), so no client keeps one in force, or a delegated read open, with a consortium
    /// that no longer exists.
    /// </summary>
    Task<ConsortiumDeparture> DepartingAsync();
}
