using Platform.Abstractions;

namespace Platform.Grains.Consortium;

public sealed class ServiceRequestState
{
    public ServiceRequest? Request { get; set; }
}
