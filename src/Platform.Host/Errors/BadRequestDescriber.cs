using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.Abstractions;

namespace Platform.Host.Errors;

/// <summary>A 400 as the caller reads it: which field, what it should be, in French and English.</summary>
public sealed record FieldProblem(int Status, string? Field, string French, string English);

/// <summary>
/// Rewrites what the JSON reader and minimal API binding throw into answers that say which field
/// is wrong and what it should be, without the .NET types their own messages name. The field comes
/// from the JSON path; what it should be from the endpoint's body type (or the handler's
/// parameter, for the query), walked along that path.
/// </summary>
public static partial class BadRequestDescriber
{
    public static FieldProblem Describe(HttpContext http, BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json) return Describe(http, json);
        var message = exception.Message;
        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType || message.StartsWith("Expected a supported JSON media type", StringComparison.Ordinal))
            return new(StatusCodes.Status415UnsupportedMediaType, null,
                "Le corps doit être du JSON : envoyez « Content-Type: application/json ».",
                "The body must be JSON: send 'Content-Type: application/json'.");
        if (BindFailure().Match(message) is { Success: true } bind)
        {
            var name = bind.Groups["name"].Value;
            var (fr, en) = Expected(ParameterType(http, name));
            return Field(name, $"doit être {fr}", $"must be {en}");
        }
        if (message.Contains("from body", StringComparison.Ordinal) || message.Contains("no body was provided", StringComparison.Ordinal))
            return new(StatusCodes.Status400BadRequest, null, "Un corps JSON est requis.", "A JSON body is required.");
        if (RequiredParameter().Match(message) is { Success: true } required)
            return Field(required.Groups["name"].Value, "est requis", "is required");
        return new(exception.StatusCode, null, "La requête n'est pas valide.", "The request is not valid.");
    }

    public static FieldProblem Describe(HttpContext http, JsonException exception)
    {
        var path = exception.Path;
        var field = FieldOf(path);
        var message = exception.Message;
        if (exception is JsonTextRefusedException text) return Describe(Join(field, text.Member), text.Problem);
        if (exception is JsonValueRefusedException refused)
            return Field(field ?? "value", $"doit être exactement l'une des valeurs : {string.Join(", ", refused.Allowed)}",
                $"must be exactly one of: {string.Join(", ", refused.Allowed)}");
        if (exception.GetType().Name == "JsonReaderException" || message.Contains("is an invalid", StringComparison.Ordinal)
            || message.Contains("Expected depth to be zero", StringComparison.Ordinal) || message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
        {
            var where = exception.LineNumber is { } line ? $" (line {line + 1}, byte {exception.BytePositionInLine + 1})" : "";
            var où = exception.LineNumber is { } l ? $" (ligne {l + 1}, octet {exception.BytePositionInLine + 1})" : "";
            return new(StatusCodes.Status400BadRequest, field, $"Le corps n'est pas du JSON valide{où}.", $"The body is not valid JSON{where}.");
        }
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var names = Quoted().Matches(message[message.IndexOf("including", StringComparison.Ordinal)..]).Select(m => m.Groups[1].Value).ToList();
            var missing = string.Join(", ", names.Select(n => $"'{Join(field, n)}'"));
            var manquant = string.Join(", ", names.Select(n => $"« {Join(field, n)} »"));
            return new(StatusCodes.Status400BadRequest, names.Count > 0 ? Join(field, names[0]) : field,
                $"Champ requis manquant : {manquant}.", $"Missing required field: {missing}.");
        }
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) && Quoted().Match(message) is { Success: true } unknown)
        {
            var parent = path is null ? null : PathSegment().Matches(path).LastOrDefault() is { } last ? path[..last.Index] : path;
            var allowed = string.Join(", ", PropertiesOf(TypeAt(BodyType(http), parent)));
            var name = field ?? unknown.Groups[1].Value;
            return Field(name, $"n'est pas un champ de cette requête{(allowed.Length > 0 ? $" ; champs permis : {allowed}" : "")}",
                $"is not a field of this request{(allowed.Length > 0 ? $"; allowed fields: {allowed}" : "")}");
        }
        if (message.Contains("more than once", StringComparison.Ordinal) || message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            var name = field ?? (Quoted().Match(message) is { Success: true } m ? m.Groups[1].Value : "value");
            return Field(name, "est donné plus d'une fois ; donnez chaque champ une seule fois", "is given more than once; give each field once");
        }
        if (message.Contains("doesn't allow null", StringComparison.Ordinal) || message.Contains("null value", StringComparison.OrdinalIgnoreCase))
        {
            var name = field ?? (Quoted().Match(message) is { Success: true } m ? JsonNamingPolicy.CamelCase.ConvertName(m.Groups[1].Value) : "value");
            var (fr, en) = Expected(TypeAt(BodyType(http), path));
            return Field(name, $"ne peut pas être null : donnez {fr}", $"may not be null: give {en}");
        }
        var (french, english) = Expected(TypeAt(BodyType(http), path));
        return Field(field ?? "body", $"doit être {french}", $"must be {english}");
    }

    /// <summary>A bilingual text's member refused by its reader, said as the other fields' problems are.</summary>
    private static FieldProblem Describe(string field, JsonTextProblem problem) => problem switch
    {
        JsonTextProblem.Missing => new(StatusCodes.Status400BadRequest, field, $"Champ requis manquant : « {field} ».", $"Missing required field: '{field}'."),
        JsonTextProblem.Null => Field(field, "ne peut pas être null : donnez un texte", "may not be null: give a text (JSON string)"),
        JsonTextProblem.NotText => Field(field, "doit être un texte", "must be a text (JSON string)"),
        JsonTextProblem.NotBoolean => Field(field, "doit être true ou false", "must be true or false"),
        JsonTextProblem.Duplicate => Field(field, "est donné plus d'une fois ; donnez chaque champ une seule fois", "is given more than once; give each field once"),
        _ => Field(field, "n'est pas un champ de cette requête ; champs permis : fr, en", "is not a field of this request; allowed fields: fr, en"),
    };

    private static FieldProblem Field(string field, string french, string english) =>
        new(StatusCodes.Status400BadRequest, field, $"« {field} » {french}.", $"'{field}' {english}.");

    private static string Join(string? parent, string name) => parent is null ? name : $"{parent}.{name}";

    /// <summary><c>$.title.fr</c> → <c>title.fr</c>, <c>$['a b']</c> → <c>a b</c>, <c>$</c> → null.</summary>
    internal static string? FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        field = BracketName().Replace(field, m => "." + m.Groups[1].Value).TrimStart('.');
        return field.Length > 100 ? field[..100] + "…" : field;
    }

    /// <summary>The endpoint that failed: the exception handler has cleared it from the context, its feature keeps it.</summary>
    private static Endpoint? EndpointOf(HttpContext http) =>
        http.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint();

    private static Type? BodyType(HttpContext http) =>
        EndpointOf(http)?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType;

    private static Type? ParameterType(HttpContext http, string name) =>
        EndpointOf(http)?.Metadata.GetMetadata<MethodInfo>()?.GetParameters().FirstOrDefault(p => p.Name == name)?.ParameterType;

    /// <summary>The type of the value at a JSON path of a body, by its properties' camelCase names.</summary>
    private static Type? TypeAt(Type? type, string? path)
    {
        if (type is null || string.IsNullOrEmpty(path)) return type;
        foreach (Match segment in PathSegment().Matches(path.TrimStart('$')))
        {
            type = Unwrap(type);
            if (type is null) return null;
            if (segment.Groups["index"].Success)
            {
                type = ElementType(type);
                continue;
            }
            var name = segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value;
            if (DictionaryValueType(type) is { } value)
            {
                type = value;
                continue;
            }
            type = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name) == name)?.PropertyType;
        }
        return type;
    }

    private static IEnumerable<string> PropertiesOf(Type? type)
    {
        type = Unwrap(type);
        if (type is null || type.IsPrimitive || type == typeof(string) || ElementType(type) is not null) return [];
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.CanWrite || type.GetConstructors().Any(c => c.GetParameters().Any(a => a.Name == p.Name)))
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));
    }

    private static Type? Unwrap(Type? type)
    {
        if (type is null) return null;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>)) type = type.GetGenericArguments()[0];
        return Nullable.GetUnderlyingType(type) ?? type;
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        if (type == typeof(string) || DictionaryValueType(type) is not null) return null;
        return type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    private static Type? DictionaryValueType(Type type) =>
        type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IDictionary<,>)))
            ?.GetGenericArguments()[1];

    /// <summary>What a value of the type looks like, in words (French, English).</summary>
    internal static (string French, string English) Expected(Type? type)
    {
        type = Unwrap(type);
        if (type is null) return ("une valeur du type documenté", "a value of the documented type");
        if (type.IsEnum)
        {
            var names = string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.KebabCaseLower.ConvertName));
            return ($"exactement l'une des valeurs : {names}", $"exactly one of: {names}");
        }
        if (type == typeof(string)) return ("un texte", "a text (JSON string)");
        if (type == typeof(bool)) return ("true ou false", "true or false");
        if (type == typeof(int) || type == typeof(long) || type == typeof(short)) return ("un nombre entier", "a whole number");
        if (type == typeof(decimal) || type == typeof(double) || type == typeof(float)) return ("un nombre", "a number");
        if (type == typeof(DateOnly)) return ("une date écrite AAAA-MM-JJ", "a date written YYYY-MM-DD");
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return ("une date et une heure ISO 8601", "an ISO 8601 date and time");
        if (type == typeof(LocalizedText)) return ("un objet {\"fr\": …, \"en\": …}", "an object {\"fr\": …, \"en\": …}");
        if (DictionaryValueType(type) is not null) return ("un objet", "an object");
        if (ElementType(type) is { } element)
        {
            var (fr, en) = Expected(element);
            return ($"une liste dont chaque élément est {fr}", $"a list of which each item is {en}");
        }
        var fields = string.Join(", ", PropertiesOf(type));
        return fields.Length > 0 ? ($"un objet (champs : {fields})", $"an object (fields: {fields})") : ("un objet", "an object");
    }

    [GeneratedRegex("parameter \"(?:[^\"]*? )?(?<name>[A-Za-z_][A-Za-z0-9_]*)\" from \"", RegexOptions.CultureInvariant)]
    private static partial Regex BindFailure();

    [GeneratedRegex("Required parameter \"(?:[^\"]*? )?(?<name>[A-Za-z_][A-Za-z0-9_]*)\" was not provided", RegexOptions.CultureInvariant)]
    private static partial Regex RequiredParameter();

    [GeneratedRegex("'([^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\['([^']*)'\]", RegexOptions.CultureInvariant)]
    private static partial Regex BracketName();

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>[^']*)'\]|\[(?<index>\d+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex PathSegment();
}
