using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Runtime;

namespace Platform.Grains;

/// <summary>The one composition call that makes every grain of the platform known to the runtime.</summary>
public static class PlatformGrains
{
    public static GrainRuntimeBuilder AddPlatformGrains(this GrainRuntimeBuilder builder) =>
        builder
            .AddGrainsFromAssembly(typeof(PlatformGrains).Assembly)
            // Stored enums as strings: reordering an enum can never reinterpret stored data.
            .AddStateConverter(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
}
