using Orleans;
using Platform.Abstractions;

namespace Platform.Grains.Consortium;

[GenerateSerializer, Alias("ServiceRequestState")]
public sealed class ServiceRequestState
{
    [Id(0)] public ServiceRequest? Request { get; set; }
}
