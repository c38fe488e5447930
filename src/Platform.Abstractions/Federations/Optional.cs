using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans;

namespace Platform.Abstractions;

/// <summary>
/// A field of a partial update: absent (leave as is), or present with a value, possibly null
/// (clear it). JSON cannot tell those apart with a plain nullable property, so PATCH bodies use this.
/// </summary>
[JsonConverter(typeof(OptionalJsonConverterFactory))]
[GenerateSerializer, Immutable, Alias("Optional")]
public readonly record struct Optional<T>
{
    [Id(0)] private readonly T _value;
    [Id(1)] private readonly bool _isSet;

    public Optional(T value)
    {
        _value = value;
        _isSet = true;
    }

    public bool IsSet => _isSet;

    public T Value => IsSet ? _value : throw new InvalidOperationException("The optional value is not set.");

    /// <summary>The new value when set, otherwise the current one.</summary>
    public T Or(T current) => IsSet ? _value : current;

    public static implicit operator Optional<T>(T value) => new(value);
}

/// <summary>Reads a present property (null included) as a set value; an absent one never reaches it.</summary>
public sealed class OptionalJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(OptionalJsonConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class OptionalJsonConverter<T> : JsonConverter<Optional<T>>
    {
        public override bool HandleNull => true;

        public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(JsonSerializer.Deserialize<T>(ref reader, options)!);

        public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options)
        {
            if (value.IsSet) JsonSerializer.Serialize(writer, value.Value, options);
            else writer.WriteNullValue();
        }
    }
}
