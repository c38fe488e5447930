using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Platform.Abstractions;
using Platform.Host.Configuration;

namespace Platform.Host.Security;

/// <summary>
/// This silo's share of each tenant's cluster-wide budget (<see cref="ITenantRateLimitGrain"/>):
/// tokens are leased from the tenant's grain in small batches and spent locally, so most requests
/// cost no grain call, and the tenant's budget is not multiplied by the number of replicas. A lease
/// expires quickly, so tokens leased by a silo that stopped receiving traffic do not linger.
/// </summary>
public sealed class ClusterRateLimiter(IGrainFactory grains, IOptions<PlatformOptions> options, TimeProvider time)
{
    private readonly IGrainFactory _grains = grains;
    private readonly TimeProvider _time = time;

    /// <summary>Unused leased tokens are dropped after this long.</summary>
    public static readonly TimeSpan LeaseLifetime = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<string, TenantShare> _shares = new(StringComparer.Ordinal);

    private RateBudget Budget => new(options.Value.RateLimit.PermitsPerSecond, options.Value.RateLimit.Burst);

    /// <summary>How many tokens one lease asks for: a twentieth of a second's budget, at least one.</summary>
    private int BatchSize => Math.Clamp(options.Value.RateLimit.PermitsPerSecond / 20, 1, Math.Max(1, options.Value.RateLimit.Burst));

    /// <summary>The ASP.NET Core limiter of one tenant's partition on this silo.</summary>
    public RateLimiter For(string tenantId) => _shares.GetOrAdd(tenantId, id => new TenantShare(this, id));

    private sealed class TenantShare(ClusterRateLimiter owner, string tenantId) : RateLimiter
    {
        private readonly Lock _gate = new();
        private readonly SemaphoreSlim _refill = new(1, 1);
        private int _tokens;
        private long _expiresAt;
        private long _lastUsed = owner._time.GetTimestamp();

        public override TimeSpan? IdleDuration => owner._time.GetElapsedTime(Volatile.Read(ref _lastUsed));

        public override RateLimiterStatistics? GetStatistics() => new() { CurrentAvailablePermits = _tokens };

        protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
            TryTakeLocal(permitCount) ? Lease.Acquired : Lease.NotYet;

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            if (TryTakeLocal(permitCount)) return Lease.Acquired;
            // One lease call per tenant at a time on this silo; requests arriving meanwhile wait for it.
            await _refill.WaitAsync(cancellationToken);
            try
            {
                if (TryTakeLocal(permitCount)) return Lease.Acquired;
                var lease = await owner._grains.GetGrain<ITenantRateLimitGrain>(tenantId).LeaseAsync(Math.Max(permitCount, owner.BatchSize), owner.Budget);
                if (lease.Granted < permitCount) return Lease.Rejected(lease.RetryAfter);
                lock (_gate)
                {
                    _tokens = lease.Granted - permitCount;
                    _expiresAt = owner._time.GetTimestamp() + (long)(LeaseLifetime.TotalSeconds * owner._time.TimestampFrequency);
                }
                return Lease.Acquired;
            }
            finally
            {
                _refill.Release();
            }
        }

        private bool TryTakeLocal(int permitCount)
        {
            var now = owner._time.GetTimestamp();
            Volatile.Write(ref _lastUsed, now);
            lock (_gate)
            {
                if (now >= _expiresAt) _tokens = 0;
                if (_tokens < permitCount) return false;
                _tokens -= permitCount;
                return true;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _refill.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true, null);
        public static readonly Lease NotYet = new(false, null);

        public static Lease Rejected(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
