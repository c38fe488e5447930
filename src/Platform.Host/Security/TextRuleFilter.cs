using System.Collections;
using System.Text.Json;
using Platform.Abstractions;
using Platform.Host.Errors;

namespace Platform.Host.Security;

/// <summary>
/// Applies <see cref="TextRules"/> to every text of every request: each string of the bound body,
/// walked whatever its shape (nested objects, lists, both languages of a <see cref="LocalizedText"/>,
/// the present fields of a PATCH), and each query value. Properties called <c>name</c>,
/// <c>title</c> or <c>holder</c> get the name rule (no bidirectional controls either). Added once to
/// the root route group, so a route or field added tomorrow is covered without anyone remembering
/// to. Runs after the authorization policies: a caller who may not call the route never learns
/// what its body would have been refused for.
/// </summary>
public static class TextRuleFilter
{
    private static readonly HashSet<string> s_nameProperties = new(StringComparer.Ordinal) { "name", "title", "holder" };
    private const int MaxDepth = 32;

    public static TBuilder RequireCleanText<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var parameters = factory.MethodInfo.GetParameters();
            return async context =>
            {
                foreach (var (key, values) in context.HttpContext.Request.Query)
                {
                    if (Refused(key, TextKind.Name) is { } badKey) return Problem(context.HttpContext, "query", badKey);
                    foreach (var value in values)
                        if (Refused(value, TextKind.Text) is { } bad) return Problem(context.HttpContext, key, bad);
                }
                if (BoundBody.TryGet(context, parameters, out var body) && Walk(body, null, TextKind.Text, 0) is { } problem)
                    return Problem(context.HttpContext, problem.Field, problem.Why);
                return await next(context);
            };
        });

    private static (string French, string English)? Refused(string? text, TextKind kind) => TextRules.Explain(text, kind);

    private static IResult Problem(HttpContext http, string field, (string French, string English) why)
    {
        var detail = ProblemLanguage.Pick(http, $"« {field} » {why.French}.", $"'{field}' {why.English}.");
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest,
            title: ProblemLanguage.Pick(http, "La requête n'est pas valide.", "The request is not valid."),
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });
    }

    private static (string Field, (string French, string English) Why)? Walk(object? value, string? path, TextKind kind, int depth)
    {
        if (value is null || depth > MaxDepth) return null;
        switch (value)
        {
            case string text:
                return Refused(text, kind) is { } why ? (path ?? "body", why) : null;
            case LocalizedText localized:
                return Walk(localized.Fr, Join(path, "fr"), kind, depth + 1) ?? Walk(localized.En, Join(path, "en"), kind, depth + 1);
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key.ToString();
                    if (Refused(key, TextKind.Name) is { } badKey) return (path ?? "body", badKey);
                    if (Walk(entry.Value, Join(path, key!), TextKind.Text, depth + 1) is { } found) return found;
                }
                return null;
            case IEnumerable items:
                var index = 0;
                foreach (var item in items)
                    if (Walk(item, $"{path}[{index++}]", kind, depth + 1) is { } found) return found;
                return null;
        }
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is decimal or DateOnly or DateTimeOffset or DateTime or TimeSpan or Guid) return null;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>))
        {
            var set = (bool)type.GetProperty(nameof(Optional<int>.IsSet))!.GetValue(value)!;
            return set ? Walk(type.GetProperty(nameof(Optional<int>.Value))!.GetValue(value), path, kind, depth + 1) : null;
        }
        foreach (var property in BoundBody.Properties(type))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var childKind = s_nameProperties.Contains(name) ? TextKind.Name : TextKind.Text;
            if (Walk(property.GetValue(value), Join(path, name), childKind, depth + 1) is { } found) return found;
        }
        return null;
    }

    private static string Join(string? parent, string name) => parent is null ? name : $"{parent}.{name}";
}
