using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;
using static Platform.Host.Tests.Federations.FederationHttp;

namespace Platform.Host.Tests.Federations;

/// <summary>The people of member organisations (issue 12 §4), through the real gateway.</summary>
public sealed class ContactsApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private static string Contacts(string tenantId, string memberId) => $"{Members(tenantId)}/{memberId}/contacts";

    private static object Person(string name, string? email = null, bool consent = true, bool ambassador = false, string language = "fr", string? id = null) =>
        new { id, name, role = "Coordination générale", email, phone = "514 555-0199", language, consentToContact = consent, ambassador };

    private async Task<JsonElement> AddContactAsync(TenantKeys fed, string memberId, object contact)
    {
        var response = await app.WithKey(fed.Staff).PostAsJsonAsync(Contacts(fed.TenantId, memberId), contact);
        await Expect.Status(response, HttpStatusCode.Created);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task StaffAddChangeAndRemoveAContactAndEveryChangeIsAudited()
    {
        var fed = await app.NewFederationAsync();
        await app.AddMemberAsync(fed, Member("m1"));

        var added = await AddContactAsync(fed, "m1", Person("Amélie Côté", "amelie@coop.example"));
        var id = added.GetProperty("id").GetString()!;
        Assert.Equal("m1", added.GetProperty("memberId").GetString());
        Assert.Equal("Coordination générale", added.GetProperty("role").GetString());
        Assert.Equal("fr", added.GetProperty("language").GetString());
        Assert.True(added.GetProperty("consentToContact").GetBoolean());

        var patched = await app.WithKey(fed.Staff).PatchJsonAsync($"{Contacts(fed.TenantId, "m1")}/{id}", "{\"language\":\"en\",\"phone\":null,\"consentToContact\":false}");
        await Expect.Status(patched, HttpStatusCode.OK);
        var listed = Assert.Single((await app.WithKey(fed.Viewer).GetJsonAsync(Contacts(fed.TenantId, "m1"))).EnumerateArray());
        Assert.Equal(("en", false), (listed.GetProperty("language").GetString(), listed.GetProperty("consentToContact").GetBoolean()));
        Assert.False(listed.TryGetProperty("phone", out var phone) && phone.ValueKind != JsonValueKind.Null, "the phone was cleared");
        Assert.Equal("amelie@coop.example", listed.GetProperty("email").GetString());

        await Expect.Status(await app.WithKey(fed.Staff).DeleteAsync($"{Contacts(fed.TenantId, "m1")}/{id}"), HttpStatusCode.NoContent);
        Assert.Equal(0, (await app.WithKey(fed.Viewer).GetJsonAsync(Contacts(fed.TenantId, "m1"))).GetArrayLength());
        await Expect.Problem(await app.WithKey(fed.Staff).DeleteAsync($"{Contacts(fed.TenantId, "m1")}/{id}"), HttpStatusCode.NotFound);

        var audit = await app.AuditActionsAsync(fed);
        foreach (var action in new[] { "contact.add", "contact.update", "contact.remove" }) Assert.Contains(action, audit);
    }

    [Theory]
    [InlineData("{\"role\":\"Trésorerie\"}", "name")]
    [InlineData("{\"name\":\"Léa Roy\",\"email\":\"pas une adresse\"}", "email")]
    [InlineData("{\"name\":\"Léa Roy\",\"phone\":\"appelez-moi\"}", "phone")]
    [InlineData("{\"name\":\"Léa Roy\",\"language\":\"de\"}", "language")]
    [InlineData("{\"name\":\"Léa\\u202eRoy\"}", "name")]
    public async Task BadContactsAreRefusedNamingTheFieldAndNothingIsKept(string body, string field)
    {
        var fed = await app.NewFederationAsync();
        await app.AddMemberAsync(fed, Member("m1"));

        var problem = await Expect.Problem(await app.WithKey(fed.Staff).PostJsonAsync(Contacts(fed.TenantId, "m1"), body), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, (await app.WithKey(fed.Viewer).GetJsonAsync(Contacts(fed.TenantId, "m1"))).GetArrayLength());
    }

    [Fact]
    public async Task AContactBelongsToAKnownMemberAndOnlyStaffChangeContacts()
    {
        var fed = await app.NewFederationAsync();
        var other = await app.NewFederationAsync();
        await app.AddMemberAsync(fed, Member("m1"));

        await Expect.Problem(await app.WithKey(fed.Staff).PostAsJsonAsync(Contacts(fed.TenantId, "nobody"), Person("Léa Roy")), HttpStatusCode.NotFound);
        await Expect.Problem(await app.WithKey(fed.Viewer).PostAsJsonAsync(Contacts(fed.TenantId, "m1"), Person("Léa Roy")), HttpStatusCode.Forbidden);
        await Expect.Problem(await app.WithKey(other.Admin).GetAsync(Contacts(fed.TenantId, "m1")), HttpStatusCode.NotFound);
        await Expect.Problem(await app.WithKey(other.Admin).GetAsync($"/api/v1/tenants/{fed.TenantId}/contacts"), HttpStatusCode.NotFound);
        var added = await AddContactAsync(fed, "m1", Person("Léa Roy", id: "lea"));
        await Expect.Problem(await app.WithKey(fed.Staff).PostAsJsonAsync(Contacts(fed.TenantId, "m1"), Person("Léa Roy", id: "lea")), HttpStatusCode.Conflict);
        await Expect.Problem(await app.WithKey(fed.Viewer).DeleteAsync($"{Contacts(fed.TenantId, "m1")}/{added.GetProperty("id").GetString()}"), HttpStatusCode.Forbidden);
        Assert.Equal(1, (await app.WithKey(fed.Viewer).GetJsonAsync(Contacts(fed.TenantId, "m1"))).GetArrayLength());
    }

    [Fact]
    public async Task StatisticsCountAmbassadorPeopleApartFromTheirOrganisations()
    {
        var fed = await app.NewFederationAsync();
        foreach (var id in new[] { "m1", "m2", "m3" }) await app.AddMemberAsync(fed, Member(id));
        await AddContactAsync(fed, "m1", Person("Amélie Côté", ambassador: true));
        await AddContactAsync(fed, "m1", Person("Benoît Roy", ambassador: true));
        var third = await AddContactAsync(fed, "m2", Person("Camille Morin", ambassador: true));
        await AddContactAsync(fed, "m3", Person("Dominique Fortin"));
        string Statistics() => $"/api/v1/tenants/{fed.TenantId}/statistics";

        var statistics = await app.WithKey(fed.Viewer).GetJsonAsync(Statistics());
        Assert.Equal((3, 2), (statistics.GetProperty("ambassadorPeople").GetInt32(), statistics.GetProperty("ambassadors").GetInt32()));

        await Expect.Status(await app.WithKey(fed.Staff).PatchJsonAsync($"{Contacts(fed.TenantId, "m2")}/{third.GetProperty("id").GetString()}", "{\"ambassador\":false}"), HttpStatusCode.OK);
        statistics = await app.WithKey(fed.Viewer).GetJsonAsync(Statistics());
        Assert.Equal((2, 1), (statistics.GetProperty("ambassadorPeople").GetInt32(), statistics.GetProperty("ambassadors").GetInt32()));

        // A parent sees the people too, in its network figures.
        var parent = await app.NewFederationAsync("nat");
        await app.AffiliateAsync(fed, parent);
        var network = await app.WithKey(parent.Viewer).GetJsonAsync($"/api/v1/tenants/{parent.TenantId}/network/statistics");
        Assert.Equal((2, 1), (network.GetProperty("ambassadorPeople").GetInt32(), network.GetProperty("ambassadors").GetInt32()));
    }

    [Fact]
    public async Task TheExportHoldsOnlyContactsWhoConsentedWithTheirOrganisationAndNoFormula()
    {
        var fed = await app.NewFederationAsync();
        await app.AddMemberAsync(fed, Member("m1", name: "=Coop du Fjord"));
        await app.AddMemberAsync(fed, Member("m2", name: "Coop de la Baie"));
        await AddContactAsync(fed, "m1", Person("Amélie Côté", "amelie@fjord.example", ambassador: true));
        await AddContactAsync(fed, "m2", Person("Benoît Roy", "benoit@baie.example", consent: false));
        await AddContactAsync(fed, "m2", Person("Camille Morin", "camille@baie.example", language: "en"));

        var json = await app.WithKey(fed.Viewer).GetJsonAsync($"/api/v1/tenants/{fed.TenantId}/contacts");
        Assert.Equal(["Amélie Côté", "Camille Morin"], json.EnumerateArray().Select(c => c.GetProperty("name").GetString()));

        var response = await app.WithKey(fed.Viewer).GetAsync($"/api/v1/tenants/{fed.TenantId}/contacts?format=csv");
        await Expect.Status(response, HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("memberId,memberName,memberStatus,region,contactId,name,role,email,phone,language,ambassador", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.DoesNotContain(lines, l => l.Contains("Benoît", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("m2,Coop de la Baie,active,06,", StringComparison.Ordinal) && l.EndsWith(",camille@baie.example,514 555-0199,en,false", StringComparison.Ordinal));
        // The member's name cannot run as a spreadsheet formula.
        Assert.Contains(lines, l => l.StartsWith("m1,\"'=Coop du Fjord\"", StringComparison.Ordinal) && l.EndsWith(",true", StringComparison.Ordinal));
    }
}
