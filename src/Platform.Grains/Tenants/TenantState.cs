using Platform.Abstractions;

namespace Platform.Grains.Tenants;

public sealed class TenantState
{
    public TenantProfile? Profile { get; set; }
    public List<StoredKey> Keys { get; set; } = [];
}

/// <summary>A key as stored: its SHA-256 hash, never the secret.</summary>
public sealed record StoredKey(string Id, string Name, TenantRole Role, string SecretHash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
