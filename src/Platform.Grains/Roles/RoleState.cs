using Platform.Abstractions.Roles;

namespace Platform.Grains.Roles;

public sealed class RoleState
{
    /// <summary>The validated document (lists never null); null until the role is first written.</summary>
    public RoleDocument? Document { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
