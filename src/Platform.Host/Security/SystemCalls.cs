namespace Platform.Host.Security;

/// <summary>
/// A grain call made on the platform's own behalf, not the caller's: opening an invitation before
/// its visitor belongs to the tenant, for instance. The caller is taken out of the request context
/// for that one call (so the tenant boundary filter does not see it) and put back right after.
/// Each use says why in a comment.
/// </summary>
public static class SystemCalls
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        var callerContext = RequestContext.Get(CallerContext.Key);
        RequestContext.Remove(CallerContext.Key);
        try
        {
            return await call();
        }
        finally
        {
            if (callerContext is not null) RequestContext.Set(CallerContext.Key, callerContext);
        }
    }
}
