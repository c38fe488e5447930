using Platform.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Platform.Grains.Consortium;

/// <summary>
/// Relays a client's actions to its consortia, acting as the client named by its own key. Holds no
/// state: what it needs to know (which consortium offered which agreement) it reads from the
/// client's <see cref="IServiceAgreementsGrain"/>.
/// </summary>
[GrainType("consortium-client")]
public sealed class ConsortiumClientGrain : Grain, IConsortiumClientGrain
{
    private string ClientId => this.GetPrimaryKeyString();

    private IServiceAgreementsGrain Agreements => GrainFactory.GetGrain<IServiceAgreementsGrain>(ClientId);

    public Task<IReadOnlyList<Agreement>> ListAgreementsAsync() => Agreements.ListAsync();

    public async Task<Agreement> GetAgreementAsync(string agreementId) =>
        await Agreements.FindAsync(Ids.Require(agreementId, "agreementId"))
        ?? throw new NotFoundException($"No agreement '{agreementId}' was offered to '{ClientId}'.");

    public async Task<Agreement> AcceptAgreementAsync(string agreementId)
    {
        var agreement = await GetAgreementAsync(agreementId);
        return await Consortium(agreement.ConsortiumId).AcceptAgreementAsync(agreement.Id, ClientId);
    }

    public async Task<Agreement> DeclineAgreementAsync(string agreementId)
    {
        var agreement = await GetAgreementAsync(agreementId);
        return await Consortium(agreement.ConsortiumId).DeclineAgreementAsync(agreement.Id, ClientId);
    }

    public async Task<Agreement> EndAgreementAsync(string agreementId)
    {
        var agreement = await GetAgreementAsync(agreementId);
        return await Consortium(agreement.ConsortiumId).EndAgreementAsync(agreement.Id, ClientId);
    }

    public async Task<ServiceRequest> SubmitRequestAsync(ServiceRequestInput input)
    {
        if (input is null) throw ValidationFailedException.For("body", "A service request is required.");
        var consortiumId = Ids.Require(input.ConsortiumId, "consortiumId");
        var field = Ids.Require(input.Field, "field");
        // Without any agreement from that consortium there is nothing to cover the request: answer
        // here rather than wake a grain for whatever id was typed.
        if (!(await Agreements.ListAsync()).Any(a => a.ConsortiumId == consortiumId))
            throw new ConflictException($"'{ClientId}' has no agreement with '{consortiumId}' that covers '{field}'.");
        return await Consortium(consortiumId).SubmitRequestAsync(ClientId, input);
    }

    public async Task<IReadOnlyList<ServiceRequest>> ListRequestsAsync()
    {
        var requests = new List<ServiceRequest>();
        foreach (var consortiumId in await AcceptedConsortiaAsync())
            requests.AddRange(await Consortium(consortiumId).ListActiveRequestsAsync(ClientId));
        return requests;
    }

    public async Task<IReadOnlyList<ServiceRequest>> ListClosedRequestsAsync(int year, ServiceRequestStatus status)
    {
        var requests = new List<ServiceRequest>();
        foreach (var consortiumId in await AcceptedConsortiaAsync())
            requests.AddRange(await Consortium(consortiumId).ListClosedRequestsAsync(year, status, ClientId));
        return requests;
    }

    public async Task<ServiceRequest> GetRequestAsync(string requestId, string? consortiumId) =>
        (await FindRequestAsync(requestId, consortiumId)).Request;

    public async Task<ServiceRequest> CancelRequestAsync(string requestId, string? consortiumId)
    {
        var (found, consortium) = await FindRequestAsync(requestId, consortiumId);
        return await Consortium(consortium).CancelRequestAsync(found.Id, ClientId);
    }

    public async Task<Statement> GetStatementAsync(string consortiumId, YearMonth month)
    {
        Ids.Require(consortiumId, "consortiumId");
        if (!(await AcceptedConsortiaAsync()).Contains(consortiumId))
            throw new NotFoundException($"'{ClientId}' never accepted an agreement with '{consortiumId}'.");
        return await Consortium(consortiumId).GetStatementAsync(ClientId, month);
    }

    private async Task<(ServiceRequest Request, string ConsortiumId)> FindRequestAsync(string requestId, string? consortiumId)
    {
        Ids.Require(requestId, "requestId");
        if (consortiumId is not null) Ids.Require(consortiumId, "consortium");
        foreach (var candidate in await AcceptedConsortiaAsync())
        {
            if (consortiumId is not null && candidate != consortiumId) continue;
            var request = await GrainFactory.GetGrain<IServiceRequestGrain>(Ids.Key(candidate, requestId)).GetAsync();
            if (request is not null && request.ClientId == ClientId) return (request, candidate);
        }
        throw new NotFoundException($"No service request '{requestId}' of '{ClientId}'.");
    }

    /// <summary>The consortia this client accepted an agreement with, in force or not any more.</summary>
    private async Task<IReadOnlyList<string>> AcceptedConsortiaAsync() =>
        (await Agreements.ListAsync())
            .Where(a => a.AcceptedAt is not null)
            .Select(a => a.ConsortiumId)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    private IConsortiumGrain Consortium(string consortiumId) => GrainFactory.GetGrain<IConsortiumGrain>(consortiumId);
}
