using System.Reflection;

namespace Platform.Runtime;

/// <summary>What an incoming call filter sees of a call, and how it lets the call through.</summary>
public interface IIncomingGrainCallContext
{
    /// <summary>The grain instance receiving the call.</summary>
    object Grain { get; }

    GrainId TargetId { get; }

    /// <summary>The interface method being called.</summary>
    MethodInfo InterfaceMethod { get; }

    object?[] Arguments { get; }

    /// <summary>True when the call came from grain code rather than from outside the runtime.</summary>
    bool IsGrainToGrainCall { get; }

    /// <summary>The call's result once <see cref="Invoke"/> has completed.</summary>
    object? Result { get; set; }

    /// <summary>Runs the next filter, or the grain method.</summary>
    Task Invoke();
}

/// <summary>Runs around every grain call, inside the target's turn (Orleans: IIncomingGrainCallFilter).</summary>
public interface IIncomingGrainCallFilter
{
    Task Invoke(IIncomingGrainCallContext context);
}
