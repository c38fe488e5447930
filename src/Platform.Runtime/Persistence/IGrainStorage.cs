namespace Platform.Runtime;

/// <summary>The state of one grain as a store sees it.</summary>
public interface IGrainState<T>
{
    T State { get; set; }

    /// <summary>Opaque version token of the stored record; null when nothing is stored.</summary>
    string? ETag { get; set; }

    bool RecordExists { get; set; }
}

/// <summary>
/// A grain state store with optimistic concurrency. A write or clear whose <see cref="IGrainState{T}.ETag"/>
/// no longer matches the stored record throws <see cref="InconsistentStateException"/> and changes nothing.
/// Transient failures that outlast the store's retries surface as <see cref="StorageUnavailableException"/>.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Loads the state; when nothing is stored, leaves a new <typeparamref name="T"/>, ETag null, RecordExists false.</summary>
    Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    /// <summary>Writes if the ETag matches (null ETag = must not exist yet), then sets the new ETag.</summary>
    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    /// <summary>Deletes if the ETag matches, then resets ETag and RecordExists.</summary>
    Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);
}

/// <summary>One stored grain state, as raw JSON, for export.</summary>
public sealed record StoredGrainState(string GrainType, string Key, string StateName, string ETag, string Json);

/// <summary>
/// Whole-partition operations of a store (a partition is a tenant: see <see cref="GrainId.Partition"/>),
/// and its health. Implemented by every store next to <see cref="IGrainStorage"/>.
/// </summary>
public interface IGrainStorageAdmin
{
    /// <summary>Every state stored in the partition, streamed.</summary>
    IAsyncEnumerable<StoredGrainState> ExportPartitionAsync(string partition, CancellationToken cancellationToken);

    /// <summary>Deletes every state stored in the partition; returns how many were removed.</summary>
    Task<int> DeletePartitionAsync(string partition, CancellationToken cancellationToken);

    /// <summary>True when the store answers.</summary>
    Task<bool> IsReachableAsync(CancellationToken cancellationToken);
}
