using System.Text.Json;
using Orleans;
using Orleans.Storage;

namespace Platform.Storage.FileStore.Tests;

/// <summary>A System.Text.Json storage serializer, as the platform registers by default (web defaults: camelCase).</summary>
internal sealed class JsonStateSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web);

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, s_options));

    public T? Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToMemory().Span, s_options);
}

/// <summary>A serializer whose output is not JSON, to show what export needs.</summary>
internal sealed class BinaryStateSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => new(new byte[] { 0xFF, 0x00, 0x01 });

    public T? Deserialize<T>(BinaryData input) => default;
}

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }
}

/// <summary>A grain state as an activation holds it.</summary>
public sealed class Held<T> : IGrainState<T> where T : new()
{
    private T _state = new();

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public T State
    {
        get => _state;
        set => _state = value ?? new T();
    }

    public string? ETag { get; set; }
    public bool RecordExists { get; set; }
}

/// <summary>A data folder of its own for each test, removed afterwards.</summary>
public abstract class DataFolderTest : IDisposable
{
    protected string Root { get; } = Path.Combine(Path.GetTempPath(), "intercoop-filestore-" + Guid.NewGuid().ToString("N"));

    public virtual void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected FileGrainStorage NewStorage(IGrainStorageSerializer? serializer = null) =>
        new("file", new FileGrainStorageOptions { RootPath = Root, GrainStorageSerializer = serializer ?? new JsonStateSerializer() });

    protected static async Task<Held<CounterState>> Read(FileGrainStorage storage, Orleans.Runtime.GrainId id, string stateName = "counter")
    {
        var state = new Held<CounterState>();
        await storage.ReadStateAsync(stateName, id, state);
        return state;
    }

    protected static async Task<Held<CounterState>> Write(FileGrainStorage storage, Orleans.Runtime.GrainId id, int value, string stateName = "counter")
    {
        var state = new Held<CounterState> { State = { Value = value } };
        await storage.WriteStateAsync(stateName, id, state);
        return state;
    }

    protected static Orleans.Runtime.GrainId Id(string type, string key) => Orleans.Runtime.GrainId.Create(type, key);
}
