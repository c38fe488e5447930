using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Abstractions;

/// <summary>
/// This silo's memory of API keys that checked out, so a request with a known key costs no grain call.
/// It is correct because it is told: every change of a tenant's keys (revocation, tenant deletion)
/// clears the tenant's entries on every active silo before the change is acknowledged
/// (the grain service <c>KeyCheckCacheService</c> on each silo), so a revoked key is still refused at the
/// next request, through any host. Only successful checks are kept, with the secret's SHA-256, which
/// is compared in constant time exactly as the tenant grain does.
/// </summary>
public sealed class KeyCheckCache
{
    /// <summary>Far above any real cluster's live keys; past it the cache starts over rather than grow.</summary>
    public const int Capacity = 50_000;

    private readonly ConcurrentDictionary<(string Tenant, string KeyId), Entry> _entries = new();
    private readonly ConcurrentDictionary<string, long> _epochs = new(StringComparer.Ordinal);

    private sealed record Entry(byte[] SecretHash, KeyCheck Check);

    public int Count => _entries.Count;

    public bool TryGet(string tenantId, string keyId, string secret, out KeyCheck check)
    {
        check = default!;
        if (!_entries.TryGetValue((tenantId, keyId), out var entry)) return false;
        if (!CryptographicOperations.FixedTimeEquals(Hash(secret), entry.SecretHash)) return false;
        check = entry.Check;
        return true;
    }

    /// <summary>Read before asking the tenant grain; <see cref="Remember"/> keeps the answer only if no change came in between.</summary>
    public long EpochOf(string tenantId) => _epochs.GetValueOrDefault(tenantId);

    public void Remember(string tenantId, string keyId, string secret, KeyCheck check, long epochBeforeCheck)
    {
        if (_entries.Count >= Capacity) _entries.Clear();
        var key = (tenantId, keyId);
        _entries[key] = new Entry(Hash(secret), check);
        // A change acknowledged while the check was in flight: the answer may predate it, so it is not kept.
        // (Forget moves the epoch before it removes entries, so one of the two removals always sees the other.)
        if (EpochOf(tenantId) != epochBeforeCheck) _entries.TryRemove(key, out _);
    }

    public void Forget(string tenantId)
    {
        _epochs.AddOrUpdate(tenantId, 1, (_, epoch) => epoch + 1);
        foreach (var key in _entries.Keys)
            if (key.Tenant == tenantId) _entries.TryRemove(key, out _);
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
