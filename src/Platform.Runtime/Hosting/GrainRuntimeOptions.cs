namespace Platform.Runtime;

/// <summary>Knobs of the runtime; defaults follow Orleans.</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>How long a caller waits for a grain call before it gets a <see cref="GrainCallTimeoutException"/>.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Idle time after which an activation is collected, unless its type says otherwise.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

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
