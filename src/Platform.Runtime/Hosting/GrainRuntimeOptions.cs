namespace Platform.Runtime;

/// <summary>Knobs of the runtime; defaults follow Orleans.</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>How long a caller waits for a grain call before it gets a <see cref="GrainCallTimeoutException"/>.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Idle time after which an activation is collected, unless its type says otherwise.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Upper bound on how long one activation lives, busy or not (null: no bound). With several
    /// replicas on one store, a grain read on one replica and written on another serves stale reads
    /// for at most this long (plus one collection quantum): the next activation reloads the state.
    /// </summary>
    public TimeSpan? MaxActivationLifetime { get; set; }

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Bound on resident activations. Past it, the least recently used idle activations are
    /// deactivated until a tenth of the bound is free again.
    /// </summary>
    public int MaxActivations { get; set; } = 200_000;

    /// <summary>How long activation (state load + OnActivateAsync) or deactivation may take.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
