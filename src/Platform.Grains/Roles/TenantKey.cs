using Platform.Abstractions;

namespace Platform.Grains.Roles;

/// <summary>Reads a <c>{tenantId}/{localId}</c> grain key, refusing anything else.</summary>
public static class TenantKey
{
    public static (string TenantId, string LocalId) Split(string key)
    {
        var slash = key.IndexOf('/');
        if (slash <= 0 || !Ids.IsValid(key[..slash]) || !Ids.IsValid(key[(slash + 1)..]))
            throw ValidationFailedException.For("id", $"'{key}' is not a key of the form {{tenantId}}/{{id}}.");
        return (key[..slash], key[(slash + 1)..]);
    }
}
