using Orleans;
using System.Text.Json.Serialization;
using Platform.Abstractions.Roles;

namespace Platform.Grains.Roles;

[GenerateSerializer, Alias("TenantRolesState")]
public sealed class TenantRolesState
{
    [Id(0)] public Dictionary<string, RoleEntry> Roles { get; set; } = [];

    [Id(1)] public PayPolicy Policy { get; set; } = PayPolicy.Default;

    /// <summary>True when the last publication to the job board failed; the next change retries it.</summary>
    [Id(2)] public bool BoardOutdated { get; set; }
}

/// <summary>
/// What the tenant grain knows of one role. <see cref="Confirmed"/> is what the role grain stores
/// (null while only admitted); <see cref="Pending"/> a document admitted but not yet confirmed.
/// <see cref="PairedWith"/> is kept on both entries of a pair, always written together.
/// </summary>
[GenerateSerializer, Alias("RoleEntry")]
public sealed record RoleEntry(RoleSummary? Confirmed, RoleSummary? Pending, string? PairedWith)
{
    [JsonIgnore]
    public bool Exists => Confirmed is not null;
}
