using Orleans;
using Orleans.Concurrency;

namespace Platform.Abstractions;

/// <summary>
/// A person recorded as a contact of a member organisation (DOMAIN.md "People"): name, role in the
/// organisation, how to reach them, the language to write to them in, and whether they consented to
/// be contacted. <see cref="Ambassador"/>: the person is one of the federation's ambassadors
/// (ambassadors are people; the statistics count them apart from their organisations).
/// </summary>
[GenerateSerializer, Immutable, Alias("MemberContact")]
public sealed record MemberContact(
    string Id,
    string MemberId,
    string Name,
    string? Role,
    string? Email,
    string? Phone,
    string Language,
    bool ConsentToContact,
    bool Ambassador);

/// <summary>A contact as posted; nullable everywhere so a missing required field is a 400 naming it.</summary>
[GenerateSerializer, Immutable, Alias("NewContact")]
public sealed record NewContact(
    string? Id = null,
    string? Name = null,
    string? Role = null,
    string? Email = null,
    string? Phone = null,
    string? Language = null,
    bool? ConsentToContact = null,
    bool? Ambassador = null);

/// <summary>A partial update of a contact: absent fields stay, <c>null</c> clears an optional one.</summary>
[GenerateSerializer, Immutable, Alias("ContactPatch")]
public sealed record ContactPatch
{
    [Id(0)] public Optional<string?> Name { get; init; }
    [Id(1)] public Optional<string?> Role { get; init; }
    [Id(2)] public Optional<string?> Email { get; init; }
    [Id(3)] public Optional<string?> Phone { get; init; }
    [Id(4)] public Optional<string?> Language { get; init; }
    [Id(5)] public Optional<bool?> ConsentToContact { get; init; }
    [Id(6)] public Optional<bool?> Ambassador { get; init; }
}

/// <summary>
/// The contacts of every member organisation of one federation (key <c>{tenantId}</c>). It tells its
/// federation grain how many ambassadors each organisation has after every change, so statistics
/// count people without reading contacts; the federation never calls it (no call cycle). The
/// gateway checks that the member exists (through the federation) before it adds a contact.
/// </summary>
public interface ITenantContactsGrain : IGrainWithStringKey
{
    /// <summary>Adds a contact to a member (id generated when not given); 409 when the id is taken.</summary>
    Task<MemberContact> AddAsync(string memberId, NewContact contact);

    /// <summary>404 when the member has no such contact.</summary>
    Task<MemberContact> UpdateAsync(string memberId, string contactId, ContactPatch patch);

    /// <summary>404 when the member has no such contact.</summary>
    Task RemoveAsync(string memberId, string contactId);

    /// <summary>One member's contacts in name order.</summary>
    [ReadOnly] Task<IReadOnlyList<MemberContact>> ListAsync(string memberId);

    /// <summary>Every contact of the federation, by member id then name (exports).</summary>
    [ReadOnly] Task<IReadOnlyList<MemberContact>> ListAllAsync();

    /// <summary>Loads contacts into an empty store in one write (seeding); 409 unless empty.</summary>
    Task ImportAsync(IReadOnlyList<MemberContact> contacts);
}
