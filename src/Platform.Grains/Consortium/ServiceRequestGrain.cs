using Platform.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Platform.Grains.Consortium;

/// <summary>One service request and its status transitions (key <c>{consortiumId}/{requestId}</c>).</summary>
[CollectionAgeLimit(Minutes = 5)]
[GrainType("service-request")]
public sealed class ServiceRequestGrain(
    [PersistentState("service-request")] IPersistentState<ServiceRequestState> state,
    BusinessClock clock) : Grain, IServiceRequestGrain
{
    public async Task<ServiceRequest> CreateAsync(ServiceRequest request)
    {
        if (state.State.Request is { } existing)
        {
            // A retried submission finds its own request; a different one under the same id is a conflict.
            if (existing.ClientId == request.ClientId && existing.Field == request.Field &&
                existing.Title == request.Title && existing.NeedBy == request.NeedBy)
                return existing;
            throw new ConflictException($"A service request '{existing.Id}' already exists; choose another id.");
        }
        state.State.Request = request;
        await state.WriteOrReloadAsync(this);
        return request;
    }

    public Task<ServiceRequest?> GetAsync() => Task.FromResult(state.State.Request);

    public async Task<ServiceRequest> AssignAsync(string professionalId, decimal? estimatedHours)
    {
        var request = Require();
        if (request.Status is not (ServiceRequestStatus.Open or ServiceRequestStatus.Assigned))
            throw new ConflictException($"Service request '{request.Id}' is {Describe(request.Status)}; only an open or assigned request can be assigned.");
        return await SaveAsync(request with
        {
            Status = ServiceRequestStatus.Assigned,
            ProfessionalId = professionalId,
            EstimatedHours = estimatedHours ?? request.EstimatedHours,
            AssignedAt = clock.GetUtcNow(),
        });
    }

    public async Task<ServiceRequest> CompleteAsync()
    {
        var request = Require();
        if (request.Status != ServiceRequestStatus.Assigned)
            throw new ConflictException($"Service request '{request.Id}' is {Describe(request.Status)}; only an assigned request can be marked done.");
        return await SaveAsync(request with { Status = ServiceRequestStatus.Done, ClosedAt = clock.GetUtcNow() });
    }

    public async Task<ServiceRequest> CancelAsync()
    {
        var request = Require();
        if (request.Status is not (ServiceRequestStatus.Open or ServiceRequestStatus.Assigned))
            throw new ConflictException($"Service request '{request.Id}' is {Describe(request.Status)}; only an open or assigned request can be cancelled.");
        return await SaveAsync(request with { Status = ServiceRequestStatus.Cancelled, ClosedAt = clock.GetUtcNow() });
    }

    private ServiceRequest Require() =>
        state.State.Request ?? throw new NotFoundException($"No service request '{this.GetPrimaryKeyString()}'.");

    private async Task<ServiceRequest> SaveAsync(ServiceRequest request)
    {
        state.State.Request = request;
        await state.WriteOrReloadAsync(this);
        return request;
    }

    private static string Describe(ServiceRequestStatus status) => status.ToString().ToLowerInvariant();
}
