using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Platform.Host.Security;

/// <summary>What the root group's body filters share: the bound body of a call, and the readable properties they walk it by.</summary>
internal static class BoundBody
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_properties = new();

    /// <summary>The handler's argument bound from the JSON body; false when the route takes none.</summary>
    public static bool TryGet(EndpointFilterInvocationContext context, ParameterInfo[] parameters, out object? body)
    {
        body = null;
        var bodyType = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var index = bodyType is null ? -1 : Array.FindIndex(parameters, p => p.ParameterType == bodyType);
        if (index < 0 || index >= context.Arguments.Count) return false;
        body = context.Arguments[index];
        return true;
    }

    /// <summary>The public instance properties of a platform type (none for the framework's own types).</summary>
    public static PropertyInfo[] Properties(Type type) => s_properties.GetOrAdd(type, static type =>
        type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true
            ? []
            : type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null && p.Name != "EqualityContract")
                .ToArray());
}
