using System.Security.Cryptography;
using System.Text;
using Platform.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Platform.Grains.Tenants;

/// <summary>
/// A tenant's account. API keys are 256-bit random secrets; only their SHA-256 is stored (a
/// slow hash adds nothing for secrets of that entropy) and compared in constant time.
/// The presented key reads <c>ick_{tenant}.{keyId}.{secret}</c>, so the gateway can route the check
/// to this grain without any global index.
/// </summary>
[GrainType("tenant")]
public sealed class TenantGrain(
    [PersistentState("tenant")] IPersistentState<TenantState> state,
    BusinessClock clock,
    IKeyCheckCacheClient keyCaches) : Grain, ITenantGrain
{
    private const int MaxKeys = 200;

    public async Task<IssuedApiKey> CreateAsync(TenantKind kind, LocalizedText name, string? region)
    {
        if (state.State.Profile is not null) throw new ConflictException($"Tenant '{this.GetPrimaryKeyString()}' already exists.");
        state.State.Profile = new TenantProfile(this.GetPrimaryKeyString(), kind, name, region, clock.GetUtcNow());
        var (stored, issued) = NewKey("initial admin", TenantRole.Admin);
        state.State.Keys.Add(stored);
        await state.WriteOrReloadAsync(this);
        return issued;
    }

    public Task<TenantProfile?> GetProfileAsync() => Task.FromResult(state.State.Profile);

    public async Task<TenantProfile> SetLanguagesAsync(IReadOnlyList<string>? languages)
    {
        var profile = state.State.Profile ?? throw new NotFoundException($"Tenant '{this.GetPrimaryKeyString()}' does not exist.");
        // One place per kind: a federation's languages are in its federation profile, where its names are.
        if (profile.Kind == TenantKind.Federation)
            throw new ConflictException("A federation's languages are in its profile: PUT /api/v1/tenants/{tenantId}/federation with 'languages'.");
        state.State.Profile = profile with { Languages = TenantLanguages.Require(languages) };
        await state.WriteOrReloadAsync(this);
        return state.State.Profile;
    }

    public async Task<IssuedApiKey> IssueKeyAsync(string name, TenantRole role)
    {
        RequireExists();
        if (state.State.Keys.Count(k => k.RevokedAt is null) >= MaxKeys)
            throw new ConflictException($"A tenant may hold at most {MaxKeys} active keys; revoke one first.");
        var (stored, issued) = NewKey(name, role);
        state.State.Keys.Add(stored);
        await state.WriteOrReloadAsync(this);
        return issued;
    }

    public async Task RevokeKeyAsync(string keyId)
    {
        RequireExists();
        var index = state.State.Keys.FindIndex(k => k.Id == keyId);
        if (index < 0) throw new NotFoundException($"No key '{keyId}' in tenant '{this.GetPrimaryKeyString()}'.");
        if (state.State.Keys[index].RevokedAt is null)
        {
            state.State.Keys[index] = state.State.Keys[index] with { RevokedAt = clock.GetUtcNow() };
            await state.WriteOrReloadAsync(this);
        }
        // Acknowledged only once no silo would still let the key in (a retried revocation clears again).
        await keyCaches.ForgetEverywhereAsync(this.GetPrimaryKeyString());
    }

    public Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync() =>
        Task.FromResult<IReadOnlyList<ApiKeyInfo>>(
            state.State.Keys.Select(k => new ApiKeyInfo(k.Id, k.Name, k.Role, k.CreatedAt, k.RevokedAt)).ToList());

    public Task<KeyCheck?> CheckKeyAsync(string keyId, string secret)
    {
        var key = state.State.Keys.Find(k => k.Id == keyId);
        if (key is null || key.RevokedAt is not null || state.State.Profile is not { } profile) return Task.FromResult<KeyCheck?>(null);
        var matches = CryptographicOperations.FixedTimeEquals(HashBytes(secret), Convert.FromHexString(key.SecretHash));
        return Task.FromResult(matches ? new KeyCheck(key.Id, key.Role, profile.Kind) : null);
    }

    public async Task DeleteAsync()
    {
        if (state.RecordExists) await state.ClearStateAsync();
        await keyCaches.ForgetEverywhereAsync(this.GetPrimaryKeyString());
        DeactivateOnIdle();
    }

    private void RequireExists()
    {
        if (state.State.Profile is null) throw new NotFoundException($"Tenant '{this.GetPrimaryKeyString()}' does not exist.");
    }

    private (StoredKey Stored, IssuedApiKey Issued) NewKey(string name, TenantRole role)
    {
        var keyId = "k" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var stored = new StoredKey(keyId, name, role, Convert.ToHexString(HashBytes(secret)), clock.GetUtcNow(), null);
        return (stored, new IssuedApiKey(keyId, ApiKeyFormat.Compose(this.GetPrimaryKeyString(), keyId, secret), role));
    }

    private static byte[] HashBytes(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
