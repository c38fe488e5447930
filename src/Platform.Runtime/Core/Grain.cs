namespace Platform.Runtime;

/// <summary>Marker for every grain interface.</summary>
public interface IGrain;

/// <summary>A grain addressed by a string key, as in Orleans.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReason
{
    /// <summary>Idle for longer than its collection age.</summary>
    Idle,
    /// <summary>Evicted to keep the number of resident activations under the bound.</summary>
    ActivationLimit,
    /// <summary>The grain asked for it with <see cref="Grain.DeactivateOnIdle"/>.</summary>
    ApplicationRequested,
    /// <summary>Its persisted state was changed by someone else (ETag conflict); the next call reloads.</summary>
    InconsistentState,
    /// <summary>The runtime is shutting down.</summary>
    ShuttingDown,
}

/// <summary>
/// Base class of every grain. The runtime constructs it (constructor injection from DI and
/// <see cref="PersistentStateAttribute"/> parameters), loads its persistent state, then calls
/// <see cref="OnActivateAsync"/> before the first turn.
/// </summary>
public abstract class Grain
{
    private ActivationData? _activation;

    /// <summary>Grains are created by the runtime, which makes the key readable from the constructor already.</summary>
    protected Grain() => _activation = ActivationData.Constructing;

    internal ActivationData Activation =>
        _activation ?? throw new InvalidOperationException("This grain was not created by the grain runtime.");

    internal void Bind(ActivationData activation) => _activation = activation;

    /// <summary>The identity of this activation's grain.</summary>
    public GrainId GrainId => Activation.GrainId;

    /// <summary>The string key of this grain (Orleans: <c>this.GetPrimaryKeyString()</c>).</summary>
    public string GetPrimaryKeyString() => Activation.GrainId.Key;

    /// <summary>The factory to reach other grains from grain code.</summary>
    protected IGrainFactory GrainFactory => Activation.Runtime.GrainFactory;

    /// <summary>The service provider the grain was created from.</summary>
    protected IServiceProvider ServiceProvider => Activation.Runtime.Services;

    /// <summary>Ask the runtime to deactivate this grain once its current turn is over.</summary>
    protected void DeactivateOnIdle() => Activation.RequestDeactivation(DeactivationReason.ApplicationRequested);

    /// <summary>Called once, after persistent state is loaded and before the first call.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called once, as the last turn of the activation.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;
}
