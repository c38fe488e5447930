using Orleans;
namespace Platform.Abstractions;

/// <summary>Text people read, in French and English (French first: the platform defaults to fr-CA).</summary>
[GenerateSerializer, Immutable, Alias("LocalizedText")]
public sealed record LocalizedText(string Fr, string En)
{
    public const int MaxLength = 4_000;

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
