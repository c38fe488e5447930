namespace Platform.Runtime;

internal interface IPersistentStateLifecycle
{
    Task LoadAsync();
}

/// <summary>
/// The state behind an <see cref="IPersistentState{TState}"/> parameter. A write or clear refused
/// for a stale ETag deactivates the activation (after its turn), so the next call reads afresh.
/// </summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IGrainState<TState>, IPersistentStateLifecycle
{
    private readonly string _stateName;
    private readonly IGrainStorage _storage;
    private readonly ActivationData _activation;

    public PersistentState(string stateName, IGrainStorage storage, ActivationData activation)
    {
        _stateName = stateName;
        _storage = storage;
        _activation = activation;
        State = GrainStateSerializer.CreateEmpty<TState>();
    }

    public TState State { get; set; }
    public string? ETag { get; set; }
    public bool RecordExists { get; set; }
    public string? Etag => ETag;

    public Task LoadAsync() => ReadStateAsync();

    public Task ReadStateAsync() =>
        RuntimeTelemetry.TraceStorageAsync("read", _stateName, _activation.GrainId,
            () => _storage.ReadStateAsync(_stateName, _activation.GrainId, this));

    public Task WriteStateAsync() => Guard("write", () => _storage.WriteStateAsync(_stateName, _activation.GrainId, this));

    public Task ClearStateAsync() => Guard("clear", () => _storage.ClearStateAsync(_stateName, _activation.GrainId, this));

    private async Task Guard(string operation, Func<Task> run)
    {
        try
        {
            await RuntimeTelemetry.TraceStorageAsync(operation, _stateName, _activation.GrainId, run).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InconsistentStateException or StorageUnavailableException)
        {
            // Either way the grain's memory may now be ahead of what is stored (a timed-out write
            // may or may not have landed): drop the activation so the next call reads the truth.
            _activation.RequestDeactivation(DeactivationReason.InconsistentState);
            throw;
        }
    }
}
