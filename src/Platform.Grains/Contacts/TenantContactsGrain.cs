using System.Text.RegularExpressions;
using Orleans;
using Orleans.Runtime;
using Platform.Abstractions;
using Platform.Grains.Federations;

namespace Platform.Grains.Contacts;

[GenerateSerializer, Alias("TenantContactsState")]
public sealed class TenantContactsState
{
    /// <summary>Member id → its contacts.</summary>
    [Id(0)] public Dictionary<string, List<MemberContact>> ByMember { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The contacts of one federation's member organisations (key <c>{tenantId}</c>). One state per
/// federation: a contact is a few hundred bytes, so the cap of <see cref="MaxContacts"/> keeps the state far
/// below the stores' 1 MiB limit. After every change it hands the federation the number of
/// ambassadors per organisation (a call down the usual direction's opposite, but the federation never
/// calls this grain, so no cycle can form).
/// </summary>
[GrainType("tenant-contacts")]
public sealed partial class TenantContactsGrain([PersistentState("contacts")] IPersistentState<TenantContactsState> state)
    : Grain, ITenantContactsGrain
{
    public const int MaxContactsPerMember = 20;
    public const int MaxContacts = 2_500;
    private const int MaxTextLength = 200;

    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    // Digits with the usual separators, optionally an extension: "514 555-0199", "+1 (418) 555-0101 poste 22".
    [GeneratedRegex(@"^\+?[0-9][0-9 ().-]{5,24}[0-9]( ?(poste|ext\.?|x) ?[0-9]{1,6})?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PhonePattern();

    private string TenantId => this.GetPrimaryKeyString();

    public async Task<MemberContact> AddAsync(string memberId, NewContact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        Ids.Require(memberId, "memberId");
        var list = Contacts(memberId);
        var id = contact.Id is null ? NewId(list) : Ids.Require(contact.Id, "id");
        var valid = Validate(new MemberContact(
            id, memberId, contact.Name!, contact.Role, contact.Email, contact.Phone, contact.Language ?? "fr",
            contact.ConsentToContact ?? false, contact.Ambassador ?? false));
        if (list.Exists(c => c.Id == id)) throw new ConflictException($"Member '{memberId}' has a contact '{id}' already.");
        if (list.Count >= MaxContactsPerMember) throw new ConflictException($"A member has at most {MaxContactsPerMember} contacts.");
        if (state.State.ByMember.Values.Sum(l => l.Count) >= MaxContacts) throw new ConflictException($"A federation keeps at most {MaxContacts} contacts.");
        if (!state.State.ByMember.ContainsKey(memberId)) state.State.ByMember[memberId] = list;
        list.Add(valid);
        await SaveAsync();
        return valid;
    }

    public async Task<MemberContact> UpdateAsync(string memberId, string contactId, ContactPatch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var list = Contacts(memberId);
        var index = IndexOf(list, memberId, contactId);
        var current = list[index];
        var updated = Validate(current with
        {
            Name = patch.Name.Or(current.Name)!,
            Role = patch.Role.Or(current.Role),
            Email = patch.Email.Or(current.Email),
            Phone = patch.Phone.Or(current.Phone),
            Language = patch.Language.IsSet ? patch.Language.Value ?? throw ValidationFailedException.For("language", "'language' is fr or en.") : current.Language,
            ConsentToContact = patch.ConsentToContact.IsSet ? FederationRules.Require(patch.ConsentToContact.Value, "consentToContact") : current.ConsentToContact,
            Ambassador = patch.Ambassador.IsSet ? FederationRules.Require(patch.Ambassador.Value, "ambassador") : current.Ambassador,
        });
        list[index] = updated;
        await SaveAsync();
        return updated;
    }

    public async Task RemoveAsync(string memberId, string contactId)
    {
        var list = Contacts(memberId);
        list.RemoveAt(IndexOf(list, memberId, contactId));
        if (list.Count == 0) state.State.ByMember.Remove(memberId);
        await SaveAsync();
    }

    public Task<IReadOnlyList<MemberContact>> ListAsync(string memberId)
    {
        Ids.Require(memberId, "memberId");
        return Task.FromResult<IReadOnlyList<MemberContact>>(Ordered(Contacts(memberId)).ToList());
    }

    public Task<IReadOnlyList<MemberContact>> ListAllAsync() =>
        Task.FromResult<IReadOnlyList<MemberContact>>(state.State.ByMember
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .SelectMany(m => Ordered(m.Value))
            .ToList());

    public async Task ImportAsync(IReadOnlyList<MemberContact> contacts)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        if (state.State.ByMember.Count > 0) throw new ConflictException($"Federation '{TenantId}' has contacts already; import only fills an empty list.");
        if (contacts.Count > MaxContacts) throw ValidationFailedException.For("contacts", $"At most {MaxContacts} contacts.");
        var byMember = new Dictionary<string, List<MemberContact>>(StringComparer.Ordinal);
        foreach (var contact in contacts)
        {
            var valid = Validate(contact with { Id = Ids.Require(contact.Id, "id"), MemberId = Ids.Require(contact.MemberId, "memberId") });
            if (!byMember.TryGetValue(valid.MemberId, out var list)) byMember[valid.MemberId] = list = [];
            if (list.Exists(c => c.Id == valid.Id)) throw ValidationFailedException.For("id", $"'{valid.Id}' appears twice for member '{valid.MemberId}'.");
            list.Add(valid);
        }
        state.State.ByMember = byMember;
        await SaveAsync();
    }

    // ---- Helpers ---------------------------------------------------------------------------

    private List<MemberContact> Contacts(string memberId) => state.State.ByMember.GetValueOrDefault(memberId) ?? [];

    private static int IndexOf(List<MemberContact> list, string memberId, string contactId)
    {
        Ids.Require(contactId, "contactId");
        var index = list.FindIndex(c => c.Id == contactId);
        return index >= 0 ? index : throw new NotFoundException($"Member '{memberId}' has no contact '{contactId}'.");
    }

    private static IEnumerable<MemberContact> Ordered(IEnumerable<MemberContact> contacts) =>
        contacts.OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(c => c.Id, StringComparer.Ordinal);

    private static string NewId(List<MemberContact> taken)
    {
        while (true)
        {
            var id = Ids.New("c");
            if (!taken.Exists(c => c.Id == id)) return id;
        }
    }

    public static MemberContact Validate(MemberContact contact)
    {
        var name = FederationRules.RequireName(contact.Name);
        TextRules.Require(name, "name", TextKind.Name);
        var role = Optional(contact.Role, "role");
        TextRules.Require(role, "role", TextKind.Name);
        var email = Optional(contact.Email, "email");
        if (email is not null && (email.Length > 254 || !EmailPattern().IsMatch(email)))
            throw ValidationFailedException.For("email", "'email' must be an address such as nom@exemple.org.");
        var phone = Optional(contact.Phone, "phone");
        if (phone is not null && !PhonePattern().IsMatch(phone))
            throw ValidationFailedException.For("phone", "'phone' must be a phone number such as 514 555-0199 (an extension may follow: poste 22).");
        if (contact.Language is not ("fr" or "en"))
            throw ValidationFailedException.For("language", "'language' is fr or en.");
        return contact with { Name = name, Role = role, Email = email, Phone = phone };
    }

    private static string? Optional(string? text, string field)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        if (trimmed.Length > MaxTextLength) throw ValidationFailedException.For(field, $"'{field}' is limited to {MaxTextLength} characters.");
        return trimmed;
    }

    /// <summary>Writes, then tells the federation how many ambassadors each organisation now has.</summary>
    private async Task SaveAsync()
    {
        await state.WriteOrReloadAsync(this);
        var ambassadors = state.State.ByMember
            .Select(m => (m.Key, Count: m.Value.Count(c => c.Ambassador)))
            .Where(m => m.Count > 0)
            .ToDictionary(m => m.Key, m => m.Count, StringComparer.Ordinal);
        await GrainFactory.GetGrain<IFederationGrain>(TenantId).SetAmbassadorPeopleAsync(ambassadors);
    }
}
