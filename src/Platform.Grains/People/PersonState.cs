using Orleans;
using Platform.Abstractions;

namespace Platform.Grains.People;

[GenerateSerializer, Alias("PersonState")]
public sealed class PersonState
{
    [Id(0)] public string? Email { get; set; }
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public string Language { get; set; } = "fr";
    [Id(3)] public string PasswordHash { get; set; } = "";
    [Id(4)] public string SecurityStamp { get; set; } = "";
    [Id(5)] public Dictionary<string, TenantRole> Memberships { get; set; } = new(StringComparer.Ordinal);
    [Id(6)] public int FailedSignIns { get; set; }
    [Id(7)] public DateTimeOffset? LockedUntil { get; set; }
}

[GenerateSerializer, Alias("PersonEmailState")]
public sealed class PersonEmailState
{
    [Id(0)] public string? PersonId { get; set; }
}

[GenerateSerializer, Alias("TenantPeopleState")]
public sealed class TenantPeopleState
{
    [Id(0)] public List<TenantPerson> People { get; set; } = [];
    [Id(1)] public List<StoredInvitation> Invitations { get; set; } = [];
}

/// <summary>An invitation as stored: the SHA-256 of its secret, never the secret.</summary>
[GenerateSerializer, Alias("StoredInvitation")]
public sealed record StoredInvitation(
    string Id, string Email, string? Name, TenantRole Role, string SecretHash,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? AcceptedAt, DateTimeOffset? RevokedAt, string? InvitedBy);
