using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Abstractions;

/// <summary>
/// The API's JSON convention: camelCase properties, enums as exactly one kebab-case name
/// (<c>peer-meeting</c>, <c>two-thirds</c>: no integers, no case folding, no spaces, no
/// comma-separated flags), a property given twice refused, unknown properties refused.
/// </summary>
public static class PlatformJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // French stays readable ("é", not "\u00E9"); HTML-sensitive characters are still escaped.
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        // Not JsonStringEnumConverter: it also reads "ADMIN", "viewer,staff" (flags) and " admin".
        options.Converters.Add(new StrictEnumConverterFactory());
        // {"role":"viewer","role":"admin"} is refused rather than "the last one wins".
        options.AllowDuplicateProperties = false;
        // Missing required values and unknown properties are refused (400) rather than silently
        // defaulted or ignored: no mass assignment, no half-read requests.
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // "30" is a string, not a number: wrong types are refused rather than coerced.
        options.NumberHandling = JsonNumberHandling.Strict;
    }
}

/// <summary>
/// On a grain interface: its grains are platform-wide (not one tenant's data), so a gateway call may
/// reach them whatever the caller's tenant. Everything else is fenced to the caller's tenant.
/// </summary>
[AttributeUsage(AttributeTargets.Interface)]
public sealed class PlatformWideAttribute : Attribute;

/// <summary>
/// A JSON value the API refuses, with what it should be: the gateway turns it into a 400 naming
/// the field (from <see cref="JsonException.Path"/>) in the caller's language, never a .NET type.
/// </summary>
public sealed class JsonValueRefusedException(string message, IReadOnlyList<string> allowed) : JsonException(message)
{
    /// <summary>The values that would have been accepted (an enum's names).</summary>
    public IReadOnlyList<string> Allowed { get; } = allowed;
}

/// <summary>Enums as exactly one of their kebab-case names, as values and as dictionary keys.</summary>
public sealed class StrictEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class StrictEnumConverter<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
    {
        private static readonly Dictionary<string, TEnum> s_byName =
            Enum.GetValues<TEnum>().ToDictionary(EnumNames.Of, v => v, StringComparer.Ordinal);

        private static readonly string[] s_names = [.. Enum.GetValues<TEnum>().Select(EnumNames.Of)];

        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? Parse(reader.GetString()) : throw Refused();

        public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Parse(reader.GetString());

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Name(value));

        public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WritePropertyName(Name(value));

        private static TEnum Parse(string? text) => text is not null && s_byName.TryGetValue(text, out var value) ? value : throw Refused();

        private static string Name(TEnum value) =>
            Enum.IsDefined(value) ? EnumNames.Of(value) : value.ToString();

        private static JsonValueRefusedException Refused() =>
            new($"The value must be exactly one of: {string.Join(", ", s_names)}.", s_names);
    }
}
