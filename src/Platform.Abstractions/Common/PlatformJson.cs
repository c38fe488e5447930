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
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
    }
}
