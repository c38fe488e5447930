using Orleans;
using Platform.Abstractions;

namespace Platform.Grains.Tenants;

/// <summary>
/// The cluster-wide token bucket of one tenant. Refilled from Orleans's own clock (real time, not
/// the business calendar), continuously, up to the burst.
/// </summary>
[GrainType("tenant-rate-limit")]
public sealed class TenantRateLimitGrain(TimeProvider time) : Grain, ITenantRateLimitGrain
{
    private double _tokens = double.NaN;
    private long _refilledAt;

    public Task<RateLease> LeaseAsync(int wanted, RateBudget budget)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(wanted);
        var now = time.GetTimestamp();
        if (double.IsNaN(_tokens))
        {
            _tokens = budget.Burst;
        }
        else
        {
            var elapsed = time.GetElapsedTime(_refilledAt, now).TotalSeconds;
            _tokens = Math.Min(budget.Burst, _tokens + elapsed * budget.PermitsPerSecond);
        }
        _refilledAt = now;

        var granted = (int)Math.Min(wanted, Math.Floor(_tokens));
        _tokens -= granted;
        var retryAfter = granted > 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - _tokens) / Math.Max(1, budget.PermitsPerSecond));
        return Task.FromResult(new RateLease(granted, retryAfter));
    }
}
