using System.Runtime.CompilerServices;
using System.Text;

namespace Platform.Runtime;

/// <summary>
/// In-process store for tests and throwaway runs. States are kept serialized, as a real store
/// would, so a grain never shares objects with the store; ETag = version number.
/// </summary>
public sealed class MemoryGrainStorage(GrainStateSerializer serializer) : IGrainStorage, IGrainStorageAdmin
{
    private readonly Dictionary<(string StateName, GrainId GrainId), (byte[] Data, long Version)> _records = [];
    private readonly Lock _gate = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (_gate)
        {
            if (_records.TryGetValue((stateName, grainId), out var record))
            {
                grainState.State = serializer.Deserialize<T>(record.Data);
                grainState.ETag = record.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
                grainState.RecordExists = true;
            }
            else
            {
                grainState.State = GrainStateSerializer.CreateEmpty<T>();
                grainState.ETag = null;
                grainState.RecordExists = false;
            }
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = serializer.Serialize(grainState.State);
        lock (_gate)
        {
            var current = CheckETag(stateName, grainId, grainState.ETag);
            var version = (current ?? 0) + 1;
            _records[(stateName, grainId)] = (data, version);
            grainState.ETag = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (_gate)
        {
            CheckETag(stateName, grainId, grainState.ETag);
            _records.Remove((stateName, grainId));
            grainState.ETag = null;
            grainState.RecordExists = false;
            grainState.State = GrainStateSerializer.CreateEmpty<T>();
        }
        return Task.CompletedTask;
    }

    private long? CheckETag(string stateName, GrainId grainId, string? expected)
    {
        long? current = _records.TryGetValue((stateName, grainId), out var record) ? record.Version : null;
        var currentText = current?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (currentText != expected)
            throw new InconsistentStateException(
                $"ETag mismatch for {grainId} ({stateName}): stored {currentText ?? "none"}, held {expected ?? "none"}.",
                currentText, expected);
        return current;
    }

    public async IAsyncEnumerable<StoredGrainState> ExportPartitionAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<StoredGrainState> states;
        lock (_gate)
        {
            states = _records
                .Where(r => r.Key.GrainId.Partition == partition)
                .OrderBy(r => r.Key.GrainId.Type, StringComparer.Ordinal).ThenBy(r => r.Key.GrainId.Key, StringComparer.Ordinal)
                .Select(r => new StoredGrainState(r.Key.GrainId.Type, r.Key.GrainId.Key, r.Key.StateName,
                    r.Value.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetString(r.Value.Data)))
                .ToList();
        }
        foreach (var state in states)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return state;
        }
        await Task.CompletedTask;
    }

    public Task<int> DeletePartitionAsync(string partition, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var keys = _records.Keys.Where(k => k.GrainId.Partition == partition).ToList();
            foreach (var key in keys) _records.Remove(key);
            return Task.FromResult(keys.Count);
        }
    }

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
