using BenchmarkDotNet.Attributes;
using Platform.Runtime;

namespace Platform.Benchmarks;

/// <summary>
/// Durable writes on the embedded file store, one at a time and many in flight (as under a
/// concurrent request load): 500 distinct grain states, each write fsynced and renamed.
/// </summary>
public class FileStoreBenchmarks
{
    private const int Writes = 500;
    private string _folder = "";
    private FileGrainStorage _storage = null!;

    public sealed class Note
    {
        public string Text { get; set; } = "";
    }

    private sealed class Held : IGrainState<Note>
    {
        public Note State { get; set; } = new();
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
    }

    [Params(1, 64)]
    public int InFlight { get; set; }

    [IterationSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("intercoop-filestore-").FullName;
        _storage = new FileGrainStorage(_folder, new GrainStateSerializer([]));
    }

    [IterationCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(OperationsPerInvoke = Writes)]
    public Task DurableWrites() =>
        Parallel.ForEachAsync(Enumerable.Range(0, Writes), new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (i, _) =>
            await _storage.WriteStateAsync("note", new GrainId("note", $"bench/n{i}"), new Held { State = { Text = $"note {i}" } }));
}
