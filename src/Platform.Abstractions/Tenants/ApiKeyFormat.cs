namespace Platform.Abstractions;

/// <summary>The printed form of an API key: <c>ick_{tenant}.{keyId}.{secret}</c>.</summary>
public static class ApiKeyFormat
{
    public const string Prefix = "ick_";

    public static string Compose(string tenantId, string keyId, string secret) => $"{Prefix}{tenantId}.{keyId}.{secret}";

    public static bool TryParse(string? presented, out string tenantId, out string keyId, out string secret)
    {
        tenantId = keyId = secret = "";
        if (presented is null || !presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length > 200) return false;
        var parts = presented[Prefix.Length..].Split('.');
        if (parts.Length != 3 || !Ids.IsValid(parts[0]) || parts[1].Length == 0 || parts[2].Length == 0) return false;
        (tenantId, keyId, secret) = (parts[0], parts[1], parts[2]);
        return true;
    }
}
