using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Abstractions;

/// <summary>
/// One JSON convention for the API and for stored grain state: camelCase properties, enums as
/// kebab-case strings (<c>peer-meeting</c>, <c>two-thirds</c>), integers refused for enums so an
/// unknown value is a 400 rather than a silent number.
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
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
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
