namespace Platform.Abstractions;

/// <summary>
/// The clock the platform's rules read ("today", "now": report years, agreements in force,
/// postings past their apply-by date, audit times). Separate from the <see cref="TimeProvider"/>
/// Orleans runs its own timers on, so a test can set the calendar to any day without stopping
/// membership probes or response timeouts.
/// </summary>
public sealed class BusinessClock(TimeProvider time) : TimeProvider
{
    public static readonly BusinessClock Real = new(TimeProvider.System);

    public override DateTimeOffset GetUtcNow() => time.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => time.LocalTimeZone;
}
