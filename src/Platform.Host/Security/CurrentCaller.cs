using System.Security.Claims;
using Platform.Abstractions;

namespace Platform.Host.Security;

/// <summary>
/// Who is calling: filled once per request from the authenticated <see cref="ClaimsPrincipal"/>
/// (the claims of <see cref="PlatformClaims"/>, whichever scheme produced them — never from the
/// body) by <see cref="CallerResolutionMiddleware"/> and the authorization handlers, and used by
/// endpoints for every object-level decision. The one scoped object endpoints read.
/// </summary>
public sealed class CurrentCaller
{
    /// <summary>
    /// Fills the caller from the claims of an authenticated principal; an anonymous principal (or
    /// one without the platform's claims) leaves it anonymous. Idempotent: the authorization step
    /// calls it again with the principal its policy authenticated.
    /// </summary>
    public void Fill(ClaimsPrincipal? principal)
    {
        var identity = principal?.Identities.FirstOrDefault(i => i.IsAuthenticated && i.HasClaim(c => c.Type == PlatformClaims.Actor));
        if (identity is null) return;
        ActorClaim = identity.FindFirst(PlatformClaims.Actor)!.Value;
        if (identity.HasClaim(PlatformClaims.Operator, "true"))
        {
            SetOperator();
            return;
        }
        var tenant = identity.FindFirst(PlatformClaims.Tenant)?.Value;
        if (!Ids.IsValid(tenant)
            || !TryParse<TenantRole>(identity.FindFirst(PlatformClaims.Role)?.Value, out var role)
            || !TryParse<TenantKind>(identity.FindFirst(PlatformClaims.TenantKind)?.Value, out var kind))
            return;
        var prefix = $"key:{tenant}:";
        SetTenantKey(tenant!, ActorClaim.StartsWith(prefix, StringComparison.Ordinal) ? ActorClaim[prefix.Length..] : null, role, kind);
    }

    /// <summary>The actor claim as the scheme wrote it (<c>key:…</c>, <c>person:…</c>, <c>operator</c>).</summary>
    public string? ActorClaim { get; private set; }

    private static bool TryParse<TEnum>(string? wire, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
            if (EnumNames.Of(candidate) == wire)
            {
                value = candidate;
                return true;
            }
        value = default;
        return false;
    }

    public CallerKind Kind { get; private set; } = CallerKind.Anonymous;

    /// <summary>The tenant of the credential presented (a key, or a person signed in to one of its tenants).</summary>
    public string? TenantId { get; private set; }

    public string? KeyId { get; private set; }

    public TenantRole Role { get; private set; }

    /// <summary>The kind of the caller's own tenant (meaningful for a tenant key only).</summary>
    public TenantKind TenantKind { get; private set; }

    /// <summary>A credential was presented but is unknown, malformed or revoked.</summary>
    public bool PresentedInvalidCredential { get; private set; }

    /// <summary>Set when the caller reaches another tenant's data through an accepted relationship (rule 5).</summary>
    public string? DelegatedTenantId { get; private set; }

    /// <summary>The signed-in person (web app session cookie), whether or not the request names one of its tenants.</summary>
    public PersonAccount? Person { get; private set; }

    public string? PersonId => Person?.Id;

    public bool IsOperator => Kind == CallerKind.Operator;
    public bool IsTenantKey => Kind == CallerKind.TenantKey;

    /// <summary>How the audit log names the caller.</summary>
    public string Actor => Kind switch
    {
        CallerKind.Operator => "operator",
        _ when Person is not null => $"person:{Person.Id}",
        CallerKind.TenantKey when KeyId is not null => $"{TenantId}:{KeyId}",
        CallerKind.TenantKey => ActorClaim ?? TenantId!,
        _ => "anonymous",
    };

    internal void SetOperator() => Kind = CallerKind.Operator;

    internal void SetTenantKey(string tenantId, string? keyId, TenantRole role, TenantKind tenantKind)
    {
        Kind = CallerKind.TenantKey;
        TenantId = tenantId;
        KeyId = keyId;
        Role = role;
        TenantKind = tenantKind;
    }

    internal void SetPerson(PersonAccount person) => Person = person;

    /// <summary>
    /// A person acting in one of its tenants: the same tenant credential as a key of that role, so
    /// every existing check applies unchanged (the security branch turns both into claims).
    /// </summary>
    internal void SetTenantMember(string tenantId, TenantRole role, TenantKind tenantKind)
    {
        Kind = CallerKind.TenantKey;
        TenantId = tenantId;
        KeyId = null;
        Role = role;
        TenantKind = tenantKind;
    }

    internal void SetInvalid() => PresentedInvalidCredential = true;

    internal void SetDelegation(string clientTenantId) => DelegatedTenantId = clientTenantId;
}

public enum CallerKind { Anonymous, Operator, TenantKey }

/// <summary>What travels in Orleans's <c>RequestContext</c> for the grain call filter (serialized when a call crosses silos).</summary>
[GenerateSerializer, Immutable, Alias("CallerContext")]
public sealed record CallerContext(CallerKind Kind, string? TenantId, string? DelegatedTenantId)
{
    public const string Key = "platform.caller";
}
