using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Runtime;

/// <summary>How a grain method may be scheduled relative to other calls on the same activation.</summary>
internal enum CallKind
{
    /// <summary>One at a time: the default turn.</summary>
    Exclusive,
    /// <summary>May run beside other read-only calls.</summary>
    ReadOnly,
    /// <summary>May run beside anything.</summary>
    Interleave,
}

/// <summary>
/// What the runtime knows about one grain class: its type name, how to construct it, its
/// collection age and the invokers of its interface methods. Built once per class.
/// </summary>
internal sealed class GrainTypeInfo
{
    private readonly ConstructorInfo _constructor;
    private readonly Func<IServiceProvider, ActivationData, object?>[] _parameterFactories;

    public GrainTypeInfo(Type grainClass, GrainRuntimeOptions options)
    {
        GrainClass = grainClass;
        TypeName = grainClass.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? DefaultTypeName(grainClass);
        IsReentrant = grainClass.IsDefined(typeof(ReentrantAttribute));
        CollectionAge = grainClass.GetCustomAttribute<CollectionAgeLimitAttribute>()?.Age ?? options.CollectionAge;

        var constructors = grainClass.GetConstructors();
        if (constructors.Length != 1)
            throw new InvalidOperationException($"Grain class {grainClass.Name} must have exactly one public constructor.");
        _constructor = constructors[0];
        _parameterFactories = _constructor.GetParameters().Select(CreateParameterFactory).ToArray();
    }

    public Type GrainClass { get; }
    public string TypeName { get; }
    public bool IsReentrant { get; }
    public TimeSpan CollectionAge { get; }

    /// <summary>Creates the grain and the persistent states its constructor asks for.</summary>
    public Grain CreateInstance(IServiceProvider services, ActivationData activation)
    {
        var arguments = new object?[_parameterFactories.Length];
        for (var i = 0; i < arguments.Length; i++) arguments[i] = _parameterFactories[i](services, activation);
        try
        {
            return (Grain)_constructor.Invoke(arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    private static Func<IServiceProvider, ActivationData, object?> CreateParameterFactory(ParameterInfo parameter)
    {
        var persistent = parameter.GetCustomAttribute<PersistentStateAttribute>();
        if (persistent is null)
        {
            var type = parameter.ParameterType;
            return (services, _) => services.GetRequiredService(type);
        }

        var parameterType = parameter.ParameterType;
        if (!parameterType.IsGenericType || parameterType.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            throw new InvalidOperationException(
                $"[PersistentState] parameter '{parameter.Name}' must be of type IPersistentState<T>, not {parameterType.Name}.");

        var stateType = parameterType.GetGenericArguments()[0];
        var concrete = typeof(PersistentState<>).MakeGenericType(stateType);
        return (services, activation) =>
        {
            var storage = services.GetKeyedService<IGrainStorage>(persistent.StorageName)
                ?? throw new InvalidOperationException(
                    $"No grain storage named '{persistent.StorageName}' is registered (needed by {activation.GrainId}).");
            var state = (IPersistentStateLifecycle)Activator.CreateInstance(concrete, persistent.StateName, storage, activation)!;
            activation.AddPersistentState(state);
            return state;
        };
    }

    private static string DefaultTypeName(Type grainClass)
    {
        var name = grainClass.Name;
        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length) name = name[..^"Grain".Length];
        // FederationGrain → federation, GovernanceBodyGrain → governance-body
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0) builder.Append('-');
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}

/// <summary>One interface method of one grain class: how to call it and how to schedule it.</summary>
internal abstract class MethodDescriptor
{
    protected MethodDescriptor(MethodInfo interfaceMethod, GrainTypeInfo grainType, Func<object, object?[], Task> invoke)
    {
        InterfaceMethod = interfaceMethod;
        GrainType = grainType;
        Invoke = invoke;
        Kind = grainType.IsReentrant || interfaceMethod.IsDefined(typeof(AlwaysInterleaveAttribute))
            ? CallKind.Interleave
            : interfaceMethod.IsDefined(typeof(ReadOnlyAttribute)) ? CallKind.ReadOnly : CallKind.Exclusive;
        DisplayName = $"{interfaceMethod.DeclaringType?.Name}.{interfaceMethod.Name}";
    }

    public MethodInfo InterfaceMethod { get; }
    public GrainTypeInfo GrainType { get; }
    public CallKind Kind { get; }
    public string DisplayName { get; }

    /// <summary>Calls the method on a grain instance; returns the grain's own task.</summary>
    public Func<object, object?[], Task> Invoke { get; }

    /// <summary>Sends a call to an activation and returns what the caller awaits (a Task or Task&lt;T&gt;).</summary>
    public abstract Task Send(GrainRuntime runtime, GrainId target, object?[] arguments);

    public static MethodDescriptor Create(MethodInfo interfaceMethod, GrainTypeInfo grainType)
    {
        var returnType = interfaceMethod.ReturnType;
        Type resultType;
        if (returnType == typeof(Task)) resultType = typeof(VoidResult);
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>)) resultType = returnType.GetGenericArguments()[0];
        else
            throw new InvalidOperationException(
                $"Grain method {interfaceMethod.DeclaringType?.Name}.{interfaceMethod.Name} must return Task or Task<T>.");

        var invoke = CompileInvoker(interfaceMethod);
        return (MethodDescriptor)Activator.CreateInstance(
            typeof(MethodDescriptor<>).MakeGenericType(resultType), interfaceMethod, grainType, invoke)!;
    }

    // (grain, args) => (Task)((IFoo)grain).Method((T0)args[0], …): a compiled call through the interface,
    // so explicit implementations work and no reflection runs per call.
    private static Func<object, object?[], Task> CompileInvoker(MethodInfo interfaceMethod)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var parameters = interfaceMethod.GetParameters();
        var arguments = parameters.Select((p, i) =>
            (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        var call = Expression.Call(Expression.Convert(grain, interfaceMethod.DeclaringType!), interfaceMethod, arguments);
        return Expression.Lambda<Func<object, object?[], Task>>(Expression.Convert(call, typeof(Task)), grain, args).Compile();
    }
}

/// <summary>The result of a method that returns a plain Task.</summary>
internal readonly struct VoidResult;

internal sealed class MethodDescriptor<TResult>(MethodInfo interfaceMethod, GrainTypeInfo grainType, Func<object, object?[], Task> invoke)
    : MethodDescriptor(interfaceMethod, grainType, invoke)
{
    public override Task Send(GrainRuntime runtime, GrainId target, object?[] arguments) =>
        runtime.Send(this, target, arguments);

    /// <summary>Reads the result of a completed grain task.</summary>
    public static TResult ResultOf(Task completed) =>
        typeof(TResult) == typeof(VoidResult) ? default! : ((Task<TResult>)completed).Result;
}
