using System.Text.Json;

namespace Platform.Infra.Tests;

/// <summary>Reading compiled templates: a missing property fails the test and names the path it looked for.</summary>
internal static class Json
{
    public static JsonElement At(this JsonElement element, params string[] path)
    {
        var current = element;
        for (var i = 0; i < path.Length; i++)
        {
            var found = current.ValueKind == JsonValueKind.Object && current.TryGetProperty(path[i], out current);
            Assert.True(found, $"No '{string.Join('.', path[..(i + 1)])}' in {Abbreviate(element)}.");
        }

        return current;
    }

    public static bool Has(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out _);

    public static string Text(this JsonElement element, params string[] path)
    {
        var value = element.At(path);
        Assert.True(value.ValueKind == JsonValueKind.String, $"'{string.Join('.', path)}' is {value.ValueKind}, not a string: {value}.");
        return value.GetString()!;
    }

    public static IReadOnlyList<JsonElement> Items(this JsonElement element, params string[] path)
    {
        var value = element.At(path);
        Assert.True(value.ValueKind == JsonValueKind.Array, $"'{string.Join('.', path)}' is {value.ValueKind}, not an array.");
        return [.. value.EnumerateArray()];
    }

    /// <summary>An object's properties by name; an absent or null object has none.</summary>
    public static IReadOnlyDictionary<string, JsonElement> Properties(this JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)
            : new Dictionary<string, JsonElement>(StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, JsonElement> PropertiesOf(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.Properties() : new Dictionary<string, JsonElement>(StringComparer.Ordinal);

    private static string Abbreviate(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length <= 300 ? text : text[..300] + "…";
    }
}
