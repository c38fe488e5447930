using System.Reflection;
using Platform.Abstractions;
using Platform.Runtime;

namespace Platform.Host.Security;

/// <summary>
/// Defence in depth: a grain call that comes straight from a gateway request may only reach the
/// caller's own tenant (or the tenant it was granted delegated access to, or a platform-wide
/// grain). Endpoints check first; this filter catches the endpoint that forgot. Grain-to-grain
/// calls are the grains' own business (relationships such as affiliations are enforced there).
/// </summary>
public sealed class TenantBoundaryCallFilter : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.IsGrainToGrainCall || RequestContext.Get(CallerContext.Key) is not CallerContext caller)
            return context.Invoke();
        if (caller.Kind == CallerKind.Operator || context.InterfaceMethod.DeclaringType?.GetCustomAttribute<PlatformWideAttribute>() is not null)
            return context.Invoke();

        var target = context.TargetId.Partition;
        if (caller.Kind == CallerKind.TenantKey && (target == caller.TenantId || target == caller.DelegatedTenantId))
            return context.Invoke();

        // Answered as 404: the existence of another tenant's objects is not disclosed.
        throw new NotFoundException("No such object.");
    }
}
