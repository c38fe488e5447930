using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Platform.Runtime;
using Platform.Storage.AzureTable;
using Platform.Testing;

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
/// on the embedded file store and on Azurite. Azurite is an emulator on loopback, not Azure: its
/// figures show our client's overhead, not what a storage account over the network will answer.
/// </summary>
public class StorageBenchmarks
{
    private const int Grains = 2_000;
    private AzuriteProcess? _azurite;
    private string? _folder;
    private ServiceProvider _services = null!;
    private GrainRuntime _runtime = null!;
    private int _next;

    [Params("file", "azurite")]
    public string Store { get; set; } = "file";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddGrainRuntime().AddGrain<NoteGrain>();
        if (Store == "azurite")
        {
            _azurite = await AzuriteProcess.StartNewAsync();
            builder.AddAzureTableGrainStorage(o => o.ConnectionString = _azurite.ConnectionString);
        }
        else
        {
            _folder = Directory.CreateTempSubdirectory("intercoop-bench-").FullName;
            builder.AddFileGrainStorage(_folder);
        }
        _services = services.BuildServiceProvider();
        _runtime = _services.GetRequiredService<GrainRuntime>();

        // Every grain gets a stored state of ~1 KiB, then everything is deactivated: the next call is cold.
        await Parallel.ForEachAsync(Enumerable.Range(0, Grains), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var grain = _runtime.GetGrain<INoteGrain>($"bench/note-{i}");
            for (var line = 0; line < 10; line++) await grain.AppendAsync($"ligne {line} de la note {i}: compte rendu de l'assemblée générale");
        });
        await _runtime.DeactivateAllAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _runtime.DeactivateAllAsync();
        await _services.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
        if (_folder is not null) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>First call to a grain whose state is stored: read, deserialize, activate, answer (then it is deactivated again).</summary>
    [Benchmark]
    public async Task<int> ColdActivation()
    {
        var key = $"bench/note-{Interlocked.Increment(ref _next) % Grains}";
        var count = await _runtime.GetGrain<INoteGrain>(key).CountAsync();
        await _runtime.DeactivateAsync(new GrainId("note", key));
        return count;
    }

    [Benchmark]
    public Task WarmWrite() => _runtime.GetGrain<INoteGrain>("bench/note-0").AppendAsync("une ligne de plus");
}
