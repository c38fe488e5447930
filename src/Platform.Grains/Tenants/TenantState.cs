using Orleans;
using Platform.Abstractions;

namespace Platform.Grains.Tenants;

[GenerateSerializer, Alias("TenantState")]
public sealed class TenantState
{
    [Id(0)] public TenantProfile? Profile { get; set; }
    [Id(1)] public List<StoredKey> Keys { get; set; } = [];
}

/// <summary>A key as stored: its SHA-256 hash, never the secret.</summary>
[GenerateSerializer, Alias("StoredKey")]
public sealed record StoredKey(string Id, string Name, TenantRole Role, string SecretHash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
