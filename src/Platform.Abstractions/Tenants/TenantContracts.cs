using Orleans.Concurrency;
using Orleans;

namespace Platform.Abstractions;

/// <summary>What kind of organisation holds an account (API.md "Tenants and keys").</summary>
public enum TenantKind { Federation, Consortium, Organization }

/// <summary>What a key may do inside its tenant. Ordered: a higher role includes the lower ones.</summary>
public enum TenantRole { Viewer = 1, Staff = 2, Admin = 3 }

/// <summary>
/// A tenant's account profile. <see cref="Languages"/>: the languages a consortium or an
/// organisation writes in, null until set (<see cref="TenantLanguages"/>); a federation's are in
/// its federation profile.
/// </summary>
[GenerateSerializer, Immutable, Alias("TenantProfile")]
public sealed record TenantProfile(string Id, TenantKind Kind, LocalizedText Name, string? Region, DateTimeOffset CreatedAt, IReadOnlyList<string>? Languages = null);

/// <summary>A key as listed (never its secret).</summary>
[GenerateSerializer, Immutable, Alias("ApiKeyInfo")]
public sealed record ApiKeyInfo(string Id, string Name, TenantRole Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A key just issued: the only time its secret is seen.</summary>
[GenerateSerializer, Immutable, Alias("IssuedApiKey")]
public sealed record IssuedApiKey(string Id, string Key, TenantRole Role);

/// <summary>
/// The outcome of checking a presented key against its tenant, with the tenant's kind so the
/// gateway knows which routes exist for the caller without reading the tenant again.
/// </summary>
[GenerateSerializer, Immutable, Alias("KeyCheck")]
public sealed record KeyCheck(string KeyId, TenantRole Role, TenantKind TenantKind);

/// <summary>
/// The account of one tenant: profile and API keys (stored only as SHA-256 hashes). Key
/// <c>{tenantId}</c>.
/// </summary>
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Creates the account and its first admin key; 409 when it exists.</summary>
    Task<IssuedApiKey> CreateAsync(TenantKind kind, LocalizedText name, string? region);

    [ReadOnly] Task<TenantProfile?> GetProfileAsync();

    /// <summary>Sets the languages of a consortium or an organisation (<see cref="TenantLanguages.Require"/>); 409 for a federation, whose languages are in its profile.</summary>
    Task<TenantProfile> SetLanguagesAsync(IReadOnlyList<string>? languages);

    Task<IssuedApiKey> IssueKeyAsync(string name, TenantRole role);

    /// <summary>Revokes a key; from then on it is refused. 404 when unknown.</summary>
    Task RevokeKeyAsync(string keyId);

    [ReadOnly] Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync();

    /// <summary>Checks a presented secret; null when unknown, revoked or wrong.</summary>
    [ReadOnly] Task<KeyCheck?> CheckKeyAsync(string keyId, string secret);

    /// <summary>Removes the account (operator deletion of a tenant).</summary>
    Task DeleteAsync();
}

[GenerateSerializer, Immutable, Alias("TenantSummary")]
public sealed record TenantSummary(string Id, TenantKind Kind, LocalizedText Name);

/// <summary>The list of all tenants, for the operator and for cross-tenant features (job board). Key <c>_directory</c>.</summary>
[PlatformWide]
public interface ITenantDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Reserves an id; false when it is taken.</summary>
    Task<bool> RegisterAsync(TenantSummary tenant);

    Task RemoveAsync(string tenantId);

    [ReadOnly] Task<IReadOnlyList<TenantSummary>> ListAsync();

    [ReadOnly] Task<bool> ExistsAsync(string tenantId);
}

/// <summary>Who did what, when, through which key. Written for every write through the gateway.</summary>
[GenerateSerializer, Immutable, Alias("AuditEntry")]
public sealed record AuditEntry(
    DateTimeOffset At,
    string Actor,
    string? KeyId,
    string Action,
    string Target,
    string? Detail = null);

/// <summary>
/// A tenant's audit log, one grain per tenant and month so no state grows without bound.
/// Key <c>{tenantId}/{yyyy-MM}</c>.
/// </summary>
public interface IAuditLogGrain : IGrainWithStringKey
{
    Task AppendAsync(AuditEntry entry);

    [ReadOnly] Task<IReadOnlyList<AuditEntry>> ListAsync();
}

/// <summary>Well-known grain keys.</summary>
public static class GrainKeys
{
    /// <summary>
    /// Starts with '_', which no tenant id can: a tenant named "directory" can never share the
    /// directory's storage partition (and so never export or delete it).
    /// </summary>
    public const string Directory = "_directory";

    /// <summary>The audit log of one tenant's month: one grain per month keeps each log bounded.</summary>
    public static string AuditMonth(string tenantId, YearMonth month) => $"{tenantId}/{month}";
}
