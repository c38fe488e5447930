using System.Collections.Immutable;

namespace Platform.Runtime;

/// <summary>
/// Ambient values that travel with a call into every grain it reaches (the tenant and the caller,
/// a trace id…). Values are copied into grain calls: a callee that changes them does not change
/// its caller's. Keep values small and immutable.
/// </summary>
public static class RequestContext
{
    private static readonly AsyncLocal<ImmutableDictionary<string, object>?> s_values = new();

    public static object? Get(string key) =>
        s_values.Value is { } values && values.TryGetValue(key, out var value) ? value : null;

    public static void Set(string key, object value) =>
        s_values.Value = (s_values.Value ?? ImmutableDictionary<string, object>.Empty).SetItem(key, value);

    public static bool Remove(string key)
    {
        if (s_values.Value is not { } values || !values.ContainsKey(key)) return false;
        var next = values.Remove(key);
        s_values.Value = next.IsEmpty ? null : next;
        return true;
    }

    public static void Clear() => s_values.Value = null;

    /// <summary>Every key currently set.</summary>
    public static IReadOnlyCollection<string> Keys =>
        (IReadOnlyCollection<string>?)s_values.Value?.Keys.ToArray() ?? [];

    // The runtime captures the caller's values when a call is queued and restores them when its turn runs.
    internal static ImmutableDictionary<string, object>? Capture() => s_values.Value;

    internal static void Restore(ImmutableDictionary<string, object>? values)
    {
        if (!ReferenceEquals(s_values.Value, values)) s_values.Value = values;
    }
}
