using Orleans.Concurrency;
using Orleans;

namespace Platform.Abstractions;

/// <summary>
/// A person's account: one across every tenant that invited it (DOMAIN.md "People"). The password
/// is kept only as an ASP.NET Core Identity hash (made and checked by the gateway); the security
/// stamp changes with the password, which ends every other session.
/// </summary>
[GenerateSerializer, Immutable, Alias("PersonAccount")]
public sealed record PersonAccount(
    string Id,
    string Email,
    string Name,
    string Language,
    string PasswordHash,
    string SecurityStamp,
    IReadOnlyDictionary<string, TenantRole> Memberships,
    DateTimeOffset? LockedUntil);

public enum SignInOutcome { Succeeded, Failed, LockedOut }

/// <summary>A person's account. Key <c>_person/{personId}</c>: people are not owned by one tenant.</summary>
[PlatformWide]
public interface IPersonGrain : IGrainWithStringKey
{
    /// <summary>Creates the account; 409 when it exists.</summary>
    Task<PersonAccount> CreateAsync(string email, string name, string language, string passwordHash);

    [ReadOnly] Task<PersonAccount?> GetAsync();

    /// <summary>
    /// Records one sign-in attempt whose password the gateway checked. Five failures in a row lock
    /// the account for 15 minutes; while locked, even the right password is refused.
    /// </summary>
    Task<SignInOutcome> RecordSignInAsync(bool passwordMatched);

    /// <summary>Replaces the password hash and the security stamp (other sessions end).</summary>
    Task SetPasswordAsync(string passwordHash);

    Task SetLanguageAsync(string language);

    Task JoinAsync(string tenantId, TenantRole role);

    Task LeaveAsync(string tenantId);
}

/// <summary>
/// Which person owns an email address. Key <c>_email/{sha-256 of the lower-cased address}</c>, so
/// two accounts can never share an address and an address is found without a table scan.
/// </summary>
[PlatformWide]
public interface IPersonEmailGrain : IGrainWithStringKey
{
    /// <summary>Makes <paramref name="personId"/> the owner unless there is one; answers the owner.</summary>
    Task<string> ClaimAsync(string personId);

    [ReadOnly] Task<string?> GetPersonIdAsync();
}

/// <summary>A person as a tenant sees it: its role there.</summary>
[GenerateSerializer, Immutable, Alias("TenantPerson")]
public sealed record TenantPerson(string Id, string Name, string Email, TenantRole Role, DateTimeOffset JoinedAt);

public enum InvitationStatus { Pending, Accepted, Revoked, Expired }

/// <summary>An invitation as listed (never its secret).</summary>
[GenerateSerializer, Immutable, Alias("Invitation")]
public sealed record Invitation(
    string Id,
    string Email,
    string? Name,
    TenantRole Role,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    InvitationStatus Status,
    string? InvitedBy);

/// <summary>An invitation just made: the only time its token is seen. The link is <c>/invitations/{Token}</c>.</summary>
[GenerateSerializer, Immutable, Alias("IssuedInvitation")]
public sealed record IssuedInvitation(string Id, string Token)
{
    public string Link => $"/invitations/{Token}";
}

/// <summary>
/// The people of one tenant and its invitations. Key <c>{tenantId}</c>. An invitation's token reads
/// <c>{tenantId}.{invitationId}.{secret}</c> (only the secret's SHA-256 is kept), so the gateway
/// routes it here without any global index.
/// </summary>
public interface ITenantPeopleGrain : IGrainWithStringKey
{
    Task<IssuedInvitation> InviteAsync(string email, string? name, TenantRole role, string? invitedBy);

    Task RevokeInvitationAsync(string invitationId);

    [ReadOnly] Task<IReadOnlyList<Invitation>> ListInvitationsAsync();

    /// <summary>The pending invitation a token opens; null when unknown, wrong, used, revoked or expired.</summary>
    [ReadOnly] Task<Invitation?> CheckInvitationAsync(string invitationId, string secret);

    /// <summary>Uses the invitation once and adds the person with its role; 404 when it no longer opens.</summary>
    Task<Invitation> AcceptInvitationAsync(string invitationId, string secret, string personId, string name, string email);

    [ReadOnly] Task<IReadOnlyList<TenantPerson>> ListPeopleAsync();

    Task<TenantPerson> SetRoleAsync(string personId, TenantRole role);

    /// <summary>Removes a person from the tenant; 404 when not there.</summary>
    Task RemoveAsync(string personId);
}

/// <summary>Keys of the people grains.</summary>
public static class PeopleKeys
{
    /// <summary>An invitation opens for seven days.</summary>
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    public const int MinPasswordLength = 12;

    public static string Person(string personId) => $"_person/{personId}";

    public static string Email(string email) =>
        "_email/" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(NormalizeEmail(email)))).ToLowerInvariant();

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>Parses <c>{tenantId}.{invitationId}.{secret}</c>.</summary>
    public static bool TryParseInvitationToken(string? token, out string tenantId, out string invitationId, out string secret)
    {
        tenantId = invitationId = secret = "";
        var parts = token?.Split('.') ?? [];
        if (parts.Length != 3 || !Ids.IsValid(parts[0]) || !Ids.IsValid(parts[1]) || parts[2].Length is < 20 or > 100) return false;
        (tenantId, invitationId, secret) = (parts[0], parts[1], parts[2]);
        return true;
    }
}
