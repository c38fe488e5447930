using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Platform.Host.Errors;

namespace Platform.Host.Security;

/// <summary>
/// Query parameters a route takes besides those its handler binds (a handler reading
/// <c>HttpRequest.Query</c> itself): declare them here so <see cref="KnownQueryFilter"/> lets them through.
/// </summary>
public sealed record AllowedQueryMetadata(IReadOnlyList<string> Names);

/// <summary>
/// Refuses a query parameter the route does not take (API.md "Credentials": unknown query
/// parameters → 400 naming the allowed ones), so <c>?ambassador=true</c> on a route without that
/// filter is an error rather than a silently unfiltered answer. The allowed names are the handler's
/// own query-bound parameters (what minimal APIs bind from the query, and what the OpenAPI document
/// lists), plus any <see cref="AllowedQueryMetadata"/>. Added once to the root route group: a route
/// added tomorrow is covered by declaring its parameters, nothing else. Runs after the
/// authorization policies, like every other check of the request.
/// </summary>
public static class KnownQueryFilter
{
    public static TBuilder RequireKnownQuery<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var candidates = QueryCandidates(factory.MethodInfo).ToList();
            return context =>
            {
                var http = context.HttpContext;
                if (http.Request.Query.Count == 0) return next(context);
                var declared = http.GetEndpoint()?.Metadata.GetOrderedMetadata<AllowedQueryMetadata>().SelectMany(m => m.Names) ?? [];
                // A handler parameter named like a route value binds from the route, not the query.
                var allowed = candidates.Where(name => !http.Request.RouteValues.ContainsKey(name))
                    .Concat(declared).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                foreach (var key in http.Request.Query.Keys)
                    if (!allowed.Contains(key, StringComparer.OrdinalIgnoreCase))
                        return ValueTask.FromResult<object?>(Unknown(http, key, allowed));
                return next(context);
            };
        });

    /// <summary>Declares query parameters a handler reads without binding them.</summary>
    public static TBuilder AllowQuery<TBuilder>(this TBuilder builder, params string[] names) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AllowedQueryMetadata(names));

    /// <summary>The parameters minimal APIs bind from the query (or the route, sorted out per request): simple values without a source attribute, or [FromQuery].</summary>
    internal static IEnumerable<string> QueryCandidates(MethodInfo method)
    {
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<FromQueryAttribute>() is { } fromQuery)
            {
                yield return fromQuery.Name ?? parameter.Name!;
                continue;
            }
            if (parameter.GetCustomAttributes().Any(a => a is IFromServiceMetadata or IFromBodyMetadata or IFromHeaderMetadata or IFromFormMetadata or AsParametersAttribute))
                continue;
            if (IsSimple(parameter.ParameterType)) yield return parameter.Name!;
        }
    }

    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(DateOnly)
               || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Guid) || type == typeof(TimeOnly);
    }

    private static IResult Unknown(HttpContext http, string key, IReadOnlyList<string> allowed)
    {
        var shown = key.Length > 64 ? key[..64] + "…" : key;
        var list = string.Join(", ", allowed);
        var detail = allowed.Count == 0
            ? ProblemLanguage.Pick(http, $"« {shown} » n'est pas un paramètre de cette adresse, qui n'en prend aucun.",
                $"'{shown}' is not a query parameter of this route, which takes none.")
            : ProblemLanguage.Pick(http, $"« {shown} » n'est pas un paramètre de cette adresse ; paramètres permis : {list}.",
                $"'{shown}' is not a query parameter of this route; allowed: {list}.");
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest,
            title: ProblemLanguage.Pick(http, "La requête n'est pas valide.", "The request is not valid."),
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = new Dictionary<string, string[]> { [shown] = [detail] },
                ["allowed"] = allowed,
            });
    }
}
