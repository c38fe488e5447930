using Orleans;
using Platform.Abstractions.Roles;

namespace Platform.Grains.Roles;

[GenerateSerializer, Alias("RoleState")]
public sealed class RoleState
{
    /// <summary>The validated document (lists never null); null until the role is first written.</summary>
    [Id(0)] public RoleDocument? Document { get; set; }

    [Id(1)] public DateTimeOffset UpdatedAt { get; set; }
}
