using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans;
namespace Platform.Abstractions;

/// <summary>
/// Text people read, in French and English (French first: the platform defaults to fr-CA).
/// <see cref="EnFallback"/>: no English was given, <see cref="En"/> is a copy of the French — what
/// a tenant whose languages do not include English may write (DOMAIN.md "bilingual fallback";
/// the gateway refuses it for the others). On the wire
/// <c>{"fr": "…", "en": "…", "enFallback": true}</c>, the flag only when true (docs/api-queries.md).
/// </summary>
[JsonConverter(typeof(LocalizedTextJsonConverter))]
[GenerateSerializer, Immutable, Alias("LocalizedText")]
public sealed record LocalizedText(string Fr, string En)
{
    public const int MaxLength = 4_000;

    /// <summary>True when no English was given and <see cref="En"/> repeats <see cref="Fr"/>.</summary>
    [Id(10)] public bool EnFallback { get; init; }

    /// <summary>A text given in French alone: English falls back to it, marked as such.</summary>
    public static LocalizedText FrenchOnly(string fr) => new(fr, fr) { EnFallback = true };

    /// <summary>Throws a 400 when either language is missing, blank or too long.</summary>
    public static LocalizedText Require(LocalizedText? text, string field, int maxLength = MaxLength)
    {
        if (text is null) throw ValidationFailedException.For(field, $"'{field}' is required, as {{\"fr\": …, \"en\": …}}.");
        if (string.IsNullOrWhiteSpace(text.Fr) || string.IsNullOrWhiteSpace(text.En))
            throw ValidationFailedException.For(field, $"'{field}' needs both 'fr' and 'en'.");
        if (text.Fr.Length > maxLength || text.En.Length > maxLength)
            throw ValidationFailedException.For(field, $"'{field}' is limited to {maxLength} characters per language.");
        return text;
    }

    public string In(string language) => language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? En : Fr;
}

/// <summary>
/// Reads <c>{"fr", "en"?, "enFallback"?}</c> as strictly as <see cref="PlatformJson"/> reads
/// everything else (each property once, strings only, nothing unknown), except that <c>en</c> may be
/// left out: the text is then <see cref="LocalizedText.FrenchOnly"/>, and whether the tenant may
/// write so is the gateway's decision. A text read back and sent again keeps its fallback as long
/// as its <c>en</c> is still the French copy; an edited <c>en</c> is real English.
/// </summary>
public sealed class LocalizedTextJsonConverter : JsonConverter<LocalizedText>
{
    public override LocalizedText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException();
        string? fr = null, en = null;
        bool? fallback = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var given = reader.GetString()!;
            // As the default object reader does: the API and the stores read property names regardless of case.
            var name = options.PropertyNameCaseInsensitive ? Canonical(given) : given;
            if (!seen.Add(name)) throw new JsonTextRefusedException(name, JsonTextProblem.Duplicate);
            reader.Read();
            switch (name)
            {
                case "fr": fr = Text(ref reader, name); break;
                case "en": en = Text(ref reader, name); break;
                case "enFallback":
                    fallback = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        _ => throw new JsonTextRefusedException(name, JsonTextProblem.NotBoolean),
                    };
                    break;
                default: throw new JsonTextRefusedException(name, JsonTextProblem.Unknown);
            }
        }
        if (fr is null) throw new JsonTextRefusedException("fr", JsonTextProblem.Missing);
        if (en is null || (fallback == true && en == fr)) return LocalizedText.FrenchOnly(fr);
        return new LocalizedText(fr, en);
    }

    public override void Write(Utf8JsonWriter writer, LocalizedText value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("fr", value.Fr);
        writer.WriteString("en", value.En);
        if (value.EnFallback) writer.WriteBoolean("enFallback", true);
        writer.WriteEndObject();
    }

    private static string Canonical(string name) =>
        name.Equals("fr", StringComparison.OrdinalIgnoreCase) ? "fr"
        : name.Equals("en", StringComparison.OrdinalIgnoreCase) ? "en"
        : name.Equals("enFallback", StringComparison.OrdinalIgnoreCase) ? "enFallback"
        : name;

    private static string Text(ref Utf8JsonReader reader, string name) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString()!,
        JsonTokenType.Null => throw new JsonTextRefusedException(name, JsonTextProblem.Null),
        _ => throw new JsonTextRefusedException(name, JsonTextProblem.NotText),
    };
}

public enum JsonTextProblem { Missing, Null, NotText, NotBoolean, Unknown, Duplicate }

/// <summary>
/// A bilingual text the reader refused, with the member at fault (<c>fr</c>, <c>en</c>…): the
/// gateway names <c>{path}.{member}</c> in its 400, as it does for any other field.
/// </summary>
public sealed class JsonTextRefusedException(string member, JsonTextProblem problem)
    : JsonException($"'{member}' of a bilingual text: {problem}.")
{
    public string Member { get; } = member;
    public JsonTextProblem Problem { get; } = problem;
}
