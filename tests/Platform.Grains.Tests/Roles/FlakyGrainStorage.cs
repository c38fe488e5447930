using Platform.Runtime;

namespace Platform.Grains.Tests.Roles;

/// <summary>
/// A memory store that fails the writes a test arms, as an outage would (the write does not land).
/// Lets a test stop a multi-grain operation between any two of its writes.
/// </summary>
public sealed class FlakyGrainStorage(MemoryGrainStorage inner) : IGrainStorage, IGrainStorageAdmin
{
    private readonly Lock _gate = new();
    private Func<string, GrainId, bool>? _matches;
    private int _skip;

    /// <summary>Every write that reached the store, as "stateName grainKey", in order.</summary>
    public List<string> Writes { get; } = [];

    /// <summary>The next write matching <paramref name="matches"/> after <paramref name="skip"/> matching ones fails.</summary>
    public void FailWrite(Func<string, GrainId, bool> matches, int skip = 0)
    {
        lock (_gate)
        {
            _matches = matches;
            _skip = skip;
        }
    }

    /// <summary>Fails the (<paramref name="n"/>+1)-th write from now, whatever it is.</summary>
    public void FailNthWrite(int n) => FailWrite((_, _) => true, n);

    public int WriteCount
    {
        get { lock (_gate) return Writes.Count; }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (_gate)
        {
            if (_matches is not null && _matches(stateName, grainId))
            {
                if (_skip == 0)
                {
                    _matches = null;
                    throw new StorageUnavailableException($"Injected failure writing {stateName} of {grainId}.");
                }
                _skip--;
            }
            Writes.Add($"{stateName} {grainId.Key}");
        }
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public IAsyncEnumerable<StoredGrainState> ExportPartitionAsync(string partition, CancellationToken cancellationToken) =>
        inner.ExportPartitionAsync(partition, cancellationToken);

    public Task<int> DeletePartitionAsync(string partition, CancellationToken cancellationToken) =>
        inner.DeletePartitionAsync(partition, cancellationToken);

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => inner.IsReachableAsync(cancellationToken);
}
