using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Runtime;

/// <summary>
/// The runtime: hands out grain references, routes calls to activations, and owns the catalog.
/// One per process (per test, in tests).
/// </summary>
public sealed partial class GrainRuntime : IGrainFactory
{
    private readonly FrozenDictionary<Type, GrainInterfaceInfo> _interfaces;
    private readonly ConcurrentDictionary<Type, GrainInterfaceInfo> _unknownInterfaces = new();
    private readonly ILogger<GrainRuntime> _logger;

    internal GrainRuntime(
        IServiceProvider services,
        IOptions<GrainRuntimeOptions> options,
        TimeProvider timeProvider,
        IEnumerable<GrainClassRegistration> grainClasses,
        IEnumerable<IIncomingGrainCallFilter> callFilters,
        ILogger<GrainRuntime> logger)
    {
        Services = services;
        Options = options.Value;
        TimeProvider = timeProvider;
        _logger = logger;
        CallFilters = callFilters.ToArray();
        HasCallFilters = CallFilters.Length > 0;
        _interfaces = BuildInterfaceMap(grainClasses.Select(r => r.GrainClass).Distinct(), Options);
        Catalog = new Catalog(this);
    }

    internal IServiceProvider Services { get; }
    internal GrainRuntimeOptions Options { get; }
    internal TimeProvider TimeProvider { get; }
    internal Catalog Catalog { get; }
    internal IIncomingGrainCallFilter[] CallFilters { get; }
    internal bool HasCallFilters { get; }
    internal IGrainFactory GrainFactory => this;

    /// <summary>Number of resident activations.</summary>
    public int ActivationCount => Catalog.Count;

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var info = InterfaceInfo(typeof(TGrainInterface));
        var proxy = DispatchProxy.Create<TGrainInterface, GrainReference>();
        ((GrainReference)(object)proxy).Bind(this, info, new GrainId(info.GrainType.TypeName, key));
        return proxy;
    }

    /// <summary>Deactivates every activation idle for longer than its type's collection age.</summary>
    public Task CollectIdleActivationsAsync() => Catalog.CollectIdleAsync();

    /// <summary>Deactivates every activation (shutdown); each finishes its running turn first.</summary>
    public Task DeactivateAllAsync() => Catalog.DeactivateAllAsync(DeactivationReason.ShuttingDown);

    /// <summary>Deactivates the activation of one grain, if resident; completes when it is gone.</summary>
    public Task DeactivateAsync(GrainId grainId, DeactivationReason reason = DeactivationReason.ApplicationRequested) =>
        Catalog.DeactivateAsync(grainId, reason);

    /// <summary>Deactivates every activation whose key lies in a partition (a tenant), e.g. before its data is deleted.</summary>
    public Task DeactivatePartitionAsync(string partition) => Catalog.DeactivatePartitionAsync(partition);

    /// <summary>True when the grain currently has an activation in this process.</summary>
    public bool IsActive(GrainId grainId) => Catalog.Contains(grainId);

    internal Task Send<TResult>(MethodDescriptor<TResult> method, GrainId target, object?[] arguments) =>
        Send(method, target, arguments, CallChain.Current, RequestContext.Capture());

    internal Task Send<TResult>(
        MethodDescriptor<TResult> method, GrainId target, object?[] arguments, CallChain? chain, ImmutableDictionary<string, object>? context)
    {
        var activation = Catalog.GetOrCreate(target, method.GrainType);
        return activation.TrySend(method, arguments, chain, context)
               ?? SendAfterDeactivationAsync(activation, method, target, arguments, chain, context);
    }

    // The activation reached was on its way out: wait until it is gone, then reach the next one.
    private async Task<TResult> SendAfterDeactivationAsync<TResult>(
        ActivationData leaving, MethodDescriptor<TResult> method, GrainId target, object?[] arguments,
        CallChain? chain, ImmutableDictionary<string, object>? context)
    {
        await leaving.Deactivated.WaitAsync(Options.ResponseTimeout, TimeProvider).ConfigureAwait(false);
        var task = Send(method, target, arguments, chain, context);
        await task.ConfigureAwait(false);
        return MethodDescriptor<TResult>.ResultOf(task);
    }

    internal Task WithTimeout<TResult>(Task<TResult> task, MethodDescriptor method, GrainId target, string phase) =>
        task.IsCompleted ? task : AwaitWithTimeoutAsync(task, method, target, phase);

    private async Task<TResult> AwaitWithTimeoutAsync<TResult>(Task<TResult> task, MethodDescriptor method, GrainId target, string phase)
    {
        try
        {
            return await task.WaitAsync(Options.ResponseTimeout, TimeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new GrainCallTimeoutException(
                $"{method.DisplayName} on {target} did not answer within {Options.ResponseTimeout.TotalSeconds:0.###} s " +
                $"(the call was {phase}).");
        }
    }

    internal void LogDeactivationFailure(GrainId grainId, Exception exception) =>
        LogDeactivationFailed(_logger, grainId, exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OnDeactivateAsync of {GrainId} failed; the activation is removed anyway")]
    private static partial void LogDeactivationFailed(ILogger logger, GrainId grainId, Exception exception);

    private GrainInterfaceInfo InterfaceInfo(Type grainInterface) =>
        _interfaces.TryGetValue(grainInterface, out var info)
            ? info
            : _unknownInterfaces.GetOrAdd(grainInterface, static t =>
                throw new InvalidOperationException($"No registered grain class implements {t.Name}."));

    private static FrozenDictionary<Type, GrainInterfaceInfo> BuildInterfaceMap(IEnumerable<Type> grainClasses, GrainRuntimeOptions options)
    {
        var map = new Dictionary<Type, GrainInterfaceInfo>();
        var typeNames = new Dictionary<string, Type>();
        foreach (var grainClass in grainClasses)
        {
            var typeInfo = new GrainTypeInfo(grainClass, options);
            if (typeNames.TryGetValue(typeInfo.TypeName, out var other))
                throw new InvalidOperationException($"Grain classes {other.Name} and {grainClass.Name} share the type name '{typeInfo.TypeName}'.");
            typeNames[typeInfo.TypeName] = grainClass;

            foreach (var grainInterface in grainClass.GetInterfaces())
            {
                if (!typeof(IGrain).IsAssignableFrom(grainInterface) || grainInterface == typeof(IGrain) || grainInterface == typeof(IGrainWithStringKey))
                    continue;
                if (map.TryGetValue(grainInterface, out var existing))
                    throw new InvalidOperationException(
                        $"{grainInterface.Name} is implemented by both {existing.GrainType.GrainClass.Name} and {grainClass.Name}.");
                map[grainInterface] = new GrainInterfaceInfo(grainInterface, typeInfo);
            }
        }
        return map.ToFrozenDictionary();
    }
}

/// <summary>A grain interface bound to its grain class, with one descriptor per method.</summary>
internal sealed class GrainInterfaceInfo
{
    public GrainInterfaceInfo(Type grainInterface, GrainTypeInfo grainType)
    {
        GrainType = grainType;
        var methods = new[] { grainInterface }.Concat(grainInterface.GetInterfaces())
            .Where(i => i != typeof(IGrain) && i != typeof(IGrainWithStringKey))
            .SelectMany(i => i.GetMethods())
            .Where(m => !m.IsStatic);
        Methods = methods.ToFrozenDictionary(m => m, m => MethodDescriptor.Create(m, grainType));
    }

    public GrainTypeInfo GrainType { get; }
    public FrozenDictionary<MethodInfo, MethodDescriptor> Methods { get; }
}

/// <summary>
/// A grain reference: a <see cref="DispatchProxy"/> that turns interface calls into calls sent to
/// the activation. Public only because DispatchProxy requires it.
/// </summary>
public class GrainReference : DispatchProxy
{
    private GrainRuntime? _runtime;
    private GrainInterfaceInfo? _interface;

    /// <summary>The grain this reference points to.</summary>
    public GrainId GrainId { get; private set; }

    internal void Bind(GrainRuntime runtime, GrainInterfaceInfo info, GrainId grainId)
    {
        _runtime = runtime;
        _interface = info;
        GrainId = grainId;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return _interface!.Methods[targetMethod].Send(_runtime!, GrainId, args ?? []);
    }
}

/// <summary>A grain class made known to the runtime (see <see cref="GrainRuntimeBuilder.AddGrain{TGrain}"/>).</summary>
internal sealed record GrainClassRegistration(Type GrainClass);
