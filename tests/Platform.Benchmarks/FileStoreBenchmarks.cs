using BenchmarkDotNet.Attributes;
using Platform.Grains;
using Platform.Storage.FileStore;

namespace Platform.Benchmarks;

/// <summary>
/// Durable writes on the embedded store, Orleans's <see cref="FileGrainStorage"/> called directly
/// as a grain would through <c>IPersistentState</c> (the platform's JSON serializer), one at a time
/// and many in flight (as under a concurrent request load): 500 distinct grain states of one tenant,
/// each write to a temporary file, fsynced, renamed, and the folder fsynced.
/// </summary>
public class FileStoreBenchmarks
{
    private const int Writes = 500;
    private string _folder = "";
    private FileGrainStorage _storage = null!;
    private GrainId[] _grains = [];

    public sealed class Note
    {
        public string Text { get; set; } = "";
    }

    [Params(1, 64)]
    public int InFlight { get; set; }

    [GlobalSetup]
    public void Ids() => _grains = [.. Enumerable.Range(0, Writes).Select(i => GrainId.Create("note", $"bench/n{i}"))];

    [IterationSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("intercoop-filestore-").FullName;
        _storage = new FileGrainStorage("bench", new FileGrainStorageOptions { RootPath = _folder, GrainStorageSerializer = PlatformStateSerializer.Instance });
    }

    [IterationCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(OperationsPerInvoke = Writes)]
    public Task DurableWrites() =>
        Parallel.ForEachAsync(Enumerable.Range(0, Writes), new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (i, _) =>
            await _storage.WriteStateAsync("note", _grains[i], new GrainState<Note>(new Note { Text = $"note {i}" })));
}
