namespace Platform.Storage.AzureTable.Tests;

/// <summary>The storage name every test grain's state uses.</summary>
public static class TestStorage
{
    public const string Name = "tables";
}

/// <summary>What a test grain says about its activation and its state.</summary>
[GenerateSerializer, Immutable]
public sealed record NoteView([property: Id(0)] string Text, [property: Id(1)] string? ETag, [property: Id(2)] bool RecordExists, [property: Id(3)] Guid Activation);

public sealed class NoteState
{
    public string Text { get; set; } = "";
}

public interface INoteGrain : IGrainWithStringKey
{
    Task<NoteView> GetAsync();

    Task<NoteView> SetAsync(string text);

    /// <summary>A text of <paramref name="length"/> copies of <paramref name="filler"/>, made on the silo (no megabyte messages).</summary>
    Task<NoteView> FillAsync(char filler, int length);

    Task ClearAsync();

    Task DeactivateAsync();
}

[GrainType("note")]
public sealed class NoteGrain([PersistentState("s", TestStorage.Name)] IPersistentState<NoteState> state) : Grain, INoteGrain
{
    private readonly Guid _activation = Guid.NewGuid();

    public Task<NoteView> GetAsync() => Task.FromResult(View());

    public async Task<NoteView> SetAsync(string text)
    {
        state.State.Text = text;
        await state.WriteStateAsync();
        return View();
    }

    public Task<NoteView> FillAsync(char filler, int length) => SetAsync(new string(filler, length));

    public Task ClearAsync() => state.ClearStateAsync();

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private NoteView View() => new(state.State.Text, state.Etag, state.RecordExists, _activation);
}

public sealed class LedgerState
{
    public List<string> Entries { get; set; } = [];
}

public interface ILedgerGrain : IGrainWithStringKey
{
    Task<int> AppendAsync(string entry);
}

/// <summary>A second grain type with another state name, so tenant queries cover more than one of each.</summary>
[GrainType("ledger")]
public sealed class LedgerGrain([PersistentState("entries", TestStorage.Name)] IPersistentState<LedgerState> state) : Grain, ILedgerGrain
{
    public async Task<int> AppendAsync(string entry)
    {
        state.State.Entries.Add(entry);
        await state.WriteStateAsync();
        return state.State.Entries.Count;
    }
}

public sealed class CounterState
{
    public int Count { get; set; }
}

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();
}

[GrainType("counter")]
public sealed class CounterGrain([PersistentState("counter", TestStorage.Name)] IPersistentState<CounterState> counter) : Grain, ICounterGrain
{
    public async Task<int> IncrementAsync()
    {
        counter.State.Count++;
        await counter.WriteStateAsync();
        return counter.State.Count;
    }
}
