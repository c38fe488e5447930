namespace Platform.Runtime;

/// <summary>
/// On an interface method: the method does not change state, so it may interleave with other
/// read-only calls on the same activation (never with a call that writes).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;

/// <summary>
/// On an interface method: the call may interleave with any other call, even a running write.
/// Use only when the method is safe under interleaving, and say why next to it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>On a grain class: every call may interleave with every other (opt-in, rarely right).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>On a grain class: overrides the runtime's default idle collection age for this type.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class CollectionAgeLimitAttribute : Attribute
{
    public double Minutes { get; init; }
    public double Seconds { get; init; }
    public TimeSpan Age => TimeSpan.FromMinutes(Minutes) + TimeSpan.FromSeconds(Seconds);
}

/// <summary>On a grain class: the type name used in <see cref="GrainId"/> and in storage keys.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>
/// On a grain constructor parameter of type <see cref="IPersistentState{T}"/>: the runtime
/// supplies a state bound to the named storage and loads it before <c>OnActivateAsync</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    public string StateName { get; } = stateName;
    public string StorageName { get; } = storageName ?? GrainStorageNames.Default;
}

/// <summary>Well-known storage names.</summary>
public static class GrainStorageNames
{
    public const string Default = "Default";
}
