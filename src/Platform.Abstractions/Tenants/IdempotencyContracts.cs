using Orleans;

namespace Platform.Abstractions;

/// <summary>The first answer to a request sent with an <c>Idempotency-Key</c>: what a retry gets back.</summary>
[GenerateSerializer, Immutable, Alias("StoredAnswer")]
public sealed record StoredAnswer(int Status, string? ContentType, string? Location, byte[] Body);

public enum IdempotencyOutcome
{
    /// <summary>First use of the key: the request runs, then its answer is recorded.</summary>
    Proceed,
    /// <summary>The same request was answered: here is its answer.</summary>
    Replay,
    /// <summary>The key was used for a different request (method, path, query or body).</summary>
    Mismatch,
    /// <summary>The first request with this key is still running.</summary>
    InProgress,
    /// <summary>The first request started but its answer was never recorded (the host stopped): whether it took effect is unknown.</summary>
    Unknown,
}

[GenerateSerializer, Immutable, Alias("IdempotencyDecision")]
public sealed record IdempotencyDecision(IdempotencyOutcome Outcome, StoredAnswer? Answer = null);

/// <summary>
/// The answers to requests sent with an <c>Idempotency-Key</c>, for one tenant (or the operator),
/// key <c>_idempotency/{tenantId}</c> — a platform grain outside the tenant's partition, so a
/// tenant export never carries the answers. Stored, so every host of the cluster sees the same
/// record and a restart keeps it; bounded in entries and bytes, each kept 24 hours. Keys and
/// request fingerprints arrive hashed, and answers encrypted under a key only the caller holds.
/// </summary>
[PlatformWide]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    public const int MaxEntries = 500;
    public const int MaxAnswerBytes = 64 * 1024;
    public const int MaxTotalBytes = 512 * 1024;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>A request still running after this long without an answer is taken as cut off.</summary>
    public static readonly TimeSpan RunningLimit = TimeSpan.FromMinutes(2);

    public static string KeyOf(string scope) => $"_idempotency/{scope}";

    /// <summary>Reserves the key for this request, or says what became of an earlier one.</summary>
    Task<IdempotencyDecision> BeginAsync(string key, string fingerprint);

    /// <summary>Records the answer of a reserved request.</summary>
    Task CompleteAsync(string key, StoredAnswer answer);

    /// <summary>Forgets a reservation whose request failed without an answer to keep (a 5xx, an error): a retry runs again.</summary>
    Task ReleaseAsync(string key);
}
