using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Storage;
using Platform.Abstractions;

using Platform.Grains.Tenants;

namespace Platform.Grains;

/// <summary>The one composition call that makes every grain of the platform ready to run in a silo.</summary>
public static class PlatformGrains
{
    /// <summary>
    /// Grain classes are found by Orleans's code generation; what this adds is how their state is
    /// stored: System.Text.Json for every store (readable exports, no assembly-qualified type
    /// names in stored data, enums as strings so reordering an enum never reinterprets data).
    /// </summary>
    /// <summary>Every grain type name of the platform (the stable <c>[GrainType]</c> names that stored keys carry).</summary>
    public static IReadOnlyList<string> GrainTypes { get; } = typeof(PlatformGrains).Assembly.GetTypes()
        .Select(t => t.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(GrainTypeAttribute))?.ConstructorArguments[0].Value as string)
        .OfType<string>()
        .Order(StringComparer.Ordinal)
        .ToArray();

    public static IServiceCollection AddPlatformGrains(this IServiceCollection services)
    {
        services.RemoveAll<IGrainStorageSerializer>();
        services.AddSingleton<IGrainStorageSerializer>(PlatformStateSerializer.Instance);
        services.TryAddSingleton(BusinessClock.Real);
        // Checked API keys are remembered per silo and forgotten on every silo when a tenant's keys change.
        services.AddSingleton<KeyCheckCache>();
        services.AddGrainService<KeyCheckCacheService>();
        services.AddSingleton<IKeyCheckCacheClient, KeyCheckCacheClient>();
        return services;
    }
}

/// <summary>Grain states as UTF-8 JSON, with one set of options for every store.</summary>
public sealed class PlatformStateSerializer : IGrainStorageSerializer
{
    public static readonly PlatformStateSerializer Instance = new();

    private PlatformStateSerializer()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = false };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        Options = options;
    }

    public JsonSerializerOptions Options { get; }

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input) =>
        JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options)
        ?? throw new InvalidOperationException($"Stored state of type {typeof(T).Name} deserialized to null.");
}
