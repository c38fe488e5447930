using Platform.Abstractions;

namespace Platform.Host.Security;

/// <summary>
/// Who is calling, resolved once per request from the credential (never from the body) by
/// <see cref="CallerResolutionMiddleware"/>, and used for every object-level check.
/// </summary>
public sealed class CurrentCaller
{
    public CallerKind Kind { get; private set; } = CallerKind.Anonymous;

    /// <summary>The tenant whose key was presented.</summary>
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
        CallerKind.TenantKey => $"{TenantId}:{KeyId}",
        _ => "anonymous",
    };

    internal void SetOperator() => Kind = CallerKind.Operator;

    internal void SetTenantKey(string tenantId, string keyId, TenantRole role, TenantKind tenantKind)
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
