using Orleans;

namespace Platform.Abstractions;

/// <summary>A tenant's request budget as configured (same on every silo): tokens per second and the bucket's size.</summary>
[GenerateSerializer, Immutable, Alias("RateBudget")]
public sealed record RateBudget(int PermitsPerSecond, int Burst);

/// <summary>Tokens handed to one silo; zero with the wait until the next token when the tenant's bucket is empty.</summary>
[GenerateSerializer, Immutable, Alias("RateLease")]
public sealed record RateLease(int Granted, TimeSpan RetryAfter);

/// <summary>
/// One tenant's request budget for the whole cluster (key <c>{tenantId}</c>): a token bucket that
/// silos lease tokens from in small batches, so the budget is the same with one replica or five
/// and the hot path of a request makes no grain call. Held in memory only: a bucket that is lost
/// (idle collection, a silo failing) starts full again, which errs on the side of serving.
/// </summary>
public interface ITenantRateLimitGrain : IGrainWithStringKey
{
    /// <summary>Takes up to <paramref name="wanted"/> tokens from the bucket.</summary>
    Task<RateLease> LeaseAsync(int wanted, RateBudget budget);
}
