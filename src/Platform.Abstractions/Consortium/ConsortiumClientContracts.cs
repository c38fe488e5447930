using Orleans;
using Orleans.Concurrency;

namespace Platform.Abstractions;

/// <summary>
/// A client's side of its consortia (key <c>{clientTenantId}</c>, no state of its own). The gateway
/// reaches a consortium on a client's behalf only through this grain: it lives in the client's
/// partition, so the tenant boundary lets the client's keys call it, and the client it acts for is
/// its own key — never a value from the request. Calls go client grain → consortium grain →
/// agreements copy, never back.
/// </summary>
public interface IConsortiumClientGrain : IGrainWithStringKey
{
    [ReadOnly] Task<IReadOnlyList<Agreement>> ListAgreementsAsync();

    /// <summary>404 when no agreement with this id was offered to this client.</summary>
    [ReadOnly] Task<Agreement> GetAgreementAsync(string agreementId);

    Task<Agreement> AcceptAgreementAsync(string agreementId);

    Task<Agreement> DeclineAgreementAsync(string agreementId);

    Task<Agreement> EndAgreementAsync(string agreementId);

    /// <summary>Submits a request to the consortium it names; 409 when no agreement in force covers its field.</summary>
    Task<ServiceRequest> SubmitRequestAsync(ServiceRequestInput input);

    /// <summary>This client's requests still open or assigned, with every consortium it has agreements with.</summary>
    [ReadOnly] Task<IReadOnlyList<ServiceRequest>> ListRequestsAsync();

    /// <summary>This client's requests done or cancelled in a calendar year, with every consortium it has agreements with.</summary>
    [ReadOnly] Task<IReadOnlyList<ServiceRequest>> ListClosedRequestsAsync(int year, ServiceRequestStatus status);

    /// <summary>One of this client's requests; <paramref name="consortiumId"/> narrows the search. 404 otherwise.</summary>
    [ReadOnly] Task<ServiceRequest> GetRequestAsync(string requestId, string? consortiumId);

    Task<ServiceRequest> CancelRequestAsync(string requestId, string? consortiumId);

    /// <summary>This client's statement from a consortium it accepted an agreement with; 404 otherwise.</summary>
    [ReadOnly] Task<Statement> GetStatementAsync(string consortiumId, YearMonth month);
}
