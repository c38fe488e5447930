namespace Platform.Runtime;

/// <summary>
/// A grain's persistent state, injected with <see cref="PersistentStateAttribute"/>.
/// Loaded before <c>OnActivateAsync</c>. Same members as Orleans.
/// </summary>
public interface IPersistentState<TState>
{
    TState State { get; set; }
    string? Etag { get; }
    bool RecordExists { get; }
    Task ReadStateAsync();
    Task WriteStateAsync();
    Task ClearStateAsync();
}
