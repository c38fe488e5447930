using System.Text.RegularExpressions;

namespace Platform.Abstractions;

/// <summary>
/// Ids of tenants, members, roles… (API.md): lower-case slug, 1–63 characters. Checked at the
/// gateway before any grain is reached, and again in grains that accept ids in bodies.
/// </summary>
public static partial class Ids
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    /// <summary>Throws a 400 naming the field when the id is missing or not a valid slug.</summary>
    public static string Require(string? id, string field)
    {
        if (string.IsNullOrEmpty(id))
            throw ValidationFailedException.For(field, $"'{field}' is required.");
        if (!IsValid(id))
            throw ValidationFailedException.For(field, $"'{field}' must match ^[a-z0-9][a-z0-9-]{{0,62}}$ (lower-case letters, digits and '-', at most 63 characters).");
        return id!;
    }

    /// <summary>A new random id, for objects created without one.</summary>
    public static string New(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";

    /// <summary>The grain key of an object that belongs to a tenant.</summary>
    public static string Key(string tenantId, string localId) => $"{tenantId}/{localId}";
}
