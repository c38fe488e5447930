using Platform.Abstractions;
using Platform.Abstractions.Roles;

namespace Platform.Grains.Roles;

/// <summary>
/// Which calendar day it is for the job board. The tenants are Canadian, mostly in Quebec, so a
/// date such as "apply by 24 February" ends at midnight Eastern time. A fixed UTC−5 offset is used
/// rather than a time-zone database, which container images may lack: in summer a posting stays
/// listed one hour past local midnight, never shorter than promised.
/// </summary>
public static class PostingCalendar
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(-5);

    public static DateOnly Today(BusinessClock clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);

    /// <summary>An open posting is listed up to and including its apply-by day; one without a date stays until closed.</summary>
    public static bool IsListed(JobPosting posting, DateOnly today) => posting.ApplyBy is not { } applyBy || today <= applyBy;
}
