using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Platform.Runtime;

/// <summary>
/// Turns grain states into UTF-8 JSON and back for every store, with one set of options.
/// Register source-generated contexts with <see cref="GrainRuntimeBuilder.AddStateSerializerContext"/>;
/// the reflection resolver stays as the fallback for types no context names.
/// </summary>
public sealed class GrainStateSerializer
{
    public GrainStateSerializer(IEnumerable<IJsonTypeInfoResolver> resolvers, IEnumerable<System.Text.Json.Serialization.JsonConverter>? converters = null)
    {
        var chain = resolvers.ToList();
        chain.Add(new DefaultJsonTypeInfoResolver());
        Options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine([.. chain]),
            WriteIndented = false,
        };
        foreach (var converter in converters ?? []) Options.Converters.Add(converter);
        Options.MakeReadOnly();
    }

    public JsonSerializerOptions Options { get; }

    public byte[] Serialize<T>(T state) => JsonSerializer.SerializeToUtf8Bytes(state, Options);

    public T Deserialize<T>(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<T>(utf8Json, Options)
        ?? throw new CorruptStateException($"Stored state of type {typeof(T).Name} deserialized to null.");

    /// <summary>A fresh state for a grain that has none stored yet.</summary>
    public static T CreateEmpty<T>() => Activator.CreateInstance<T>();
}
