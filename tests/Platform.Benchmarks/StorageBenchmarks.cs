using BenchmarkDotNet.Attributes;
using Platform.Grains;
using Platform.Grains.Storage;
using Platform.Storage.FileStore;

namespace Platform.Benchmarks;

public interface INoteGrain : IGrainWithStringKey
{
    Task<int> CountAsync();
    Task AppendAsync(string line);
}

public sealed class NoteState
{
    public List<string> Lines { get; set; } = [];
}

[GrainType("bench-note")]
public sealed class NoteGrain([PersistentState("note")] IPersistentState<NoteState> state) : Grain, INoteGrain
{
    public Task<int> CountAsync() => Task.FromResult(state.State.Lines.Count);

    public async Task AppendAsync(string line)
    {
        state.State.Lines.Add(line);
        if (state.State.Lines.Count > 20) state.State.Lines.RemoveAt(0);
        await state.WriteStateAsync();
    }
}

/// <summary>
/// Cold activation (state read + activation) and write latency of one grain state of about 1 KiB,
/// in an in-process Orleans silo, on the embedded file store and, for comparison, on Orleans's
/// memory store (what the silo costs without any disk).
/// </summary>
public class StorageBenchmarks
{
    private const int Grains = 2_000;
    private string? _folder;
    private InProcessSilo _silo = null!;
    private int _next;

    [Params("file", "memory")]
    public string Store { get; set; } = "file";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        if (Store == "file") _folder = Directory.CreateTempSubdirectory("intercoop-bench-").FullName;
        _silo = await InProcessSilo.StartAsync(silo =>
        {
            silo.Services.AddPlatformGrains();
            if (_folder is null) silo.AddPlatformMemoryStorage();
            else silo.AddFileGrainStorageAsDefault(options => options.RootPath = _folder);
        });

        // Every grain gets a stored state of ~1 KiB, then everything is deactivated: the next call is cold.
        await Parallel.ForEachAsync(Enumerable.Range(0, Grains), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var grain = _silo.Grains.GetGrain<INoteGrain>($"bench/note-{i}");
            for (var line = 0; line < 10; line++) await grain.AppendAsync($"ligne {line} de la note {i}: compte rendu de l'assemblée générale");
        });
        await _silo.DeactivateAllAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _silo.DisposeAsync();
        if (_folder is not null) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>
    /// First call to a grain whose state is stored: read, deserialize, activate, answer; then it is
    /// deactivated again through the management grain, awaited, so that cost is in the figure too.
    /// </summary>
    [Benchmark]
    public async Task<int> ColdActivation()
    {
        var key = $"bench/note-{Interlocked.Increment(ref _next) % Grains}";
        var count = await _silo.Grains.GetGrain<INoteGrain>(key).CountAsync();
        await _silo.DeactivateAsync(GrainId.Create("bench-note", key));
        return count;
    }

    [Benchmark]
    public Task WarmWrite() => _silo.Grains.GetGrain<INoteGrain>("bench/note-0").AppendAsync("une ligne de plus");
}
