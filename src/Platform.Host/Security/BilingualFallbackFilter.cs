using System.Collections;
using System.Text.Json;
using Platform.Abstractions;
using Platform.Host.Api;
using Platform.Host.Errors;

namespace Platform.Host.Security;

/// <summary>
/// Decides, once for every route, whether a bilingual text given in French alone may stand
/// (DOMAIN.md: a tenant whose languages are only French may give French alone; the English then
/// falls back to it and answers mark it). The JSON reader accepts <c>{"fr": …}</c> as a marked
/// fallback (<see cref="LocalizedText.FrenchOnly"/>); this filter finds such a text anywhere in
/// the bound body and refuses it, naming the missing <c>…en</c>, unless the route's tenant writes
/// without English (<see cref="TenantLanguages"/>: a federation's profile, else the tenant account's
/// languages). The tenant's languages are read only when a
/// fallback is present, so bodies in both languages cost nothing. A federation profile that sets
/// its languages is judged by the languages it sets.
/// </summary>
public static class BilingualFallbackFilter
{
    private const int MaxDepth = 32;

    public static TBuilder RequireBothLanguagesUnlessFrenchOnly<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var parameters = factory.MethodInfo.GetParameters();
            return async context =>
            {
                if (!BoundBody.TryGet(context, parameters, out var body) || FirstFallback(body, null, 0) is not { } path) return await next(context);
                var languages = await LanguagesAsync(context.HttpContext, body);
                if (TenantLanguages.AllowsEnglishFallback(languages)) return await next(context);
                return Refuse(context.HttpContext, path, languages);
            };
        });

    /// <summary>The languages the text will be held to: those a profile body sets, else the route tenant's.</summary>
    private static async Task<IReadOnlyList<string>> LanguagesAsync(HttpContext http, object? body)
    {
        if (body is FederationProfile { Languages: { Count: > 0 } set }) return set;
        if (http.GetRouteValue(TenantAccess.TenantRouteParameter) is not string tenantId || !Ids.IsValid(tenantId)) return TenantLanguages.Unset;
        var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
        if (body is TenantLanguagesApi.LanguagesRequest) return TenantLanguages.Unset;
        var account = await grains.GetGrain<ITenantGrain>(tenantId).GetProfileAsync();
        if (account is null) return TenantLanguages.Unset;
        if (account.Kind != TenantKind.Federation) return account.Languages ?? TenantLanguages.Unset;
        return (await grains.GetGrain<IFederationGrain>(tenantId).GetProfileAsync())?.Languages ?? TenantLanguages.Unset;
    }

    private static IResult Refuse(HttpContext http, string path, IReadOnlyList<string> languages)
    {
        var field = $"{path}.en";
        var list = string.Join(", ", languages);
        var detail = ProblemLanguage.Pick(http,
            $"« {field} » est requis : les langues de ce locataire sont {list}. Seul un locataire dont les langues n'incluent pas l'anglais peut donner le français seul.",
            $"'{field}' is required: this tenant's languages are {list}. Only a tenant whose languages do not include English may give French alone.");
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest,
            title: ProblemLanguage.Pick(http, "La requête n'est pas valide.", "The request is not valid."),
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });
    }

    /// <summary>The JSON path of the first text given in French alone, walking the body whatever its shape.</summary>
    private static string? FirstFallback(object? value, string? path, int depth)
    {
        if (value is null || depth > MaxDepth) return null;
        switch (value)
        {
            case LocalizedText text:
                return text.EnFallback ? path ?? "body" : null;
            case string:
                return null;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                    if (FirstFallback(entry.Value, Join(path, entry.Key.ToString()!), depth + 1) is { } found) return found;
                return null;
            case IEnumerable items:
                var index = 0;
                foreach (var item in items)
                    if (FirstFallback(item, $"{path}[{index++}]", depth + 1) is { } found) return found;
                return null;
        }
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is decimal or DateOnly or DateTimeOffset or DateTime or TimeSpan or Guid) return null;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>))
        {
            var set = (bool)type.GetProperty(nameof(Optional<int>.IsSet))!.GetValue(value)!;
            return set ? FirstFallback(type.GetProperty(nameof(Optional<int>.Value))!.GetValue(value), path, depth + 1) : null;
        }
        foreach (var property in BoundBody.Properties(type))
            if (FirstFallback(property.GetValue(value), Join(path, JsonNamingPolicy.CamelCase.ConvertName(property.Name)), depth + 1) is { } found) return found;
        return null;
    }

    private static string Join(string? parent, string name) => parent is null ? name : $"{parent}.{name}";
}
