namespace Platform.Host.Security;

/// <summary>
/// The claims every authentication scheme of the gateway produces (API keys and the web app's
/// sign-in cookie alike), so that one set of authorization policies serves both.
/// </summary>
public static class PlatformClaims
{
    /// <summary>Who acts: <c>key:{tenantId}:{keyId}</c>, <c>person:{personId}</c> or <c>operator</c>; the audit log names it.</summary>
    public const string Actor = "platform:actor";

    /// <summary>The tenant the credential belongs to (absent for the operator).</summary>
    public const string Tenant = "platform:tenant";

    /// <summary><c>admin</c>, <c>staff</c> or <c>viewer</c> in that tenant.</summary>
    public const string Role = "platform:role";

    /// <summary><c>federation</c>, <c>consortium</c> or <c>organization</c>: which routes exist for the caller.</summary>
    public const string TenantKind = "platform:tenant-kind";

    /// <summary>Present (value <c>true</c>) on the platform operator's identity only.</summary>
    public const string Operator = "platform:operator";

    /// <summary>Authentication scheme names.</summary>
    public const string ApiKeyScheme = "ApiKey";
    public const string CookieScheme = "Cookies";
}
