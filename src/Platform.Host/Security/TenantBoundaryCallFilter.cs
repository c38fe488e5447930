using System.Reflection;
using Platform.Abstractions;

namespace Platform.Host.Security;

/// <summary>
/// Defence in depth: a grain call that comes straight from a gateway request may only reach the
/// caller's own tenant (or the tenant it was granted delegated access to, or a platform-wide
/// grain). Endpoints check first; this filter catches the endpoint that forgot. Grain-to-grain
/// calls are the grains' own business (relationships such as affiliations are enforced there).
/// Orleans's own grains (storage, management) are not the platform's data and pass.
/// </summary>
public sealed class TenantBoundaryCallFilter : IIncomingGrainCallFilter
{
    private static readonly Assembly s_contract = typeof(PlatformWideAttribute).Assembly;

    // Read once per interface: an attribute lookup on every call is measurable on the hot path.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, bool> s_platformWide = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (IsGrainToGrainCall(context) || RequestContext.Get(CallerContext.Key) is not CallerContext caller)
            return context.Invoke();
        var contract = context.InterfaceMethod.DeclaringType;
        if (contract?.Assembly != s_contract || caller.Kind == CallerKind.Operator
            || s_platformWide.GetOrAdd(contract, static type => type.GetCustomAttribute<PlatformWideAttribute>() is not null))
            return context.Invoke();

        var target = Abstractions.Storage.TenantKeys.TenantOf(context.TargetId.Key.ToString()!);
        if (caller.Kind == CallerKind.TenantKey && (target == caller.TenantId || target == caller.DelegatedTenantId))
            return context.Invoke();

        // Answered as 404: the existence of another tenant's objects is not disclosed.
        throw new NotFoundException("No such object.");
    }

    /// <summary>A call from grain code has a grain as its source; a gateway request's call comes from the silo's hosted client.</summary>
    private static bool IsGrainToGrainCall(IIncomingGrainCallContext context) =>
        context.SourceId is { } source && !source.IsClient();
}
