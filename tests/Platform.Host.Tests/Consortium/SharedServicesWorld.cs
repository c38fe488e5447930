using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Consortium;

/// <summary>
/// Through the real gateway: a consortium with two fields and two professionals, a client
/// federation that accepted a read agreement, and a third federation with no relationship at all.
/// Fresh tenant ids per test; dates relative to the app's clock, which only moves forward.
/// </summary>
public sealed class SharedServicesWorld
{
    private SharedServicesWorld(PlatformApp app, TenantKeys consortium, TenantKeys client, TenantKeys third)
    {
        App = app;
        Consortium = consortium;
        Client = client;
        Third = third;
    }

    public PlatformApp App { get; }
    public TenantKeys Consortium { get; }
    public TenantKeys Client { get; }
    public TenantKeys Third { get; }

    public string C => $"/api/v1/tenants/{Consortium.TenantId}";
    public string ClientUrl => $"/api/v1/tenants/{Client.TenantId}";
    public string ThirdUrl => $"/api/v1/tenants/{Third.TenantId}";

    public DateOnly Today => DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);

    /// <summary>The agreement runs from the first day of last month to the end of next year.</summary>
    public DateOnly AgreementStart => new DateOnly(Today.Year, Today.Month, 1).AddMonths(-1);

    public const string AgreementId = "ag-main";

    public static async Task<SharedServicesWorld> CreateAsync(PlatformApp app, bool agreed = true, string access = "read")
    {
        var world = new SharedServicesWorld(app,
            await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("conso"), "consortium"),
            await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("client")),
            await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("third")));
        var admin = app.WithKey(world.Consortium.Admin);
        await Ok(await admin.PutAsJsonAsync($"{world.C}/fields/events", new { name = new { fr = "Événements", en = "Events" } }));
        await Ok(await admin.PutAsJsonAsync($"{world.C}/fields/legal", new { name = new { fr = "Services juridiques", en = "Legal services" } }));
        await Ok(await admin.PutAsJsonAsync($"{world.C}/professionals/ana", new { name = "Ana", fields = new[] { "events" }, costRate = 45.30m, weeklyCapacity = 35m }));
        await Ok(await admin.PutAsJsonAsync($"{world.C}/professionals/ben", new { name = "Ben", fields = new[] { "legal", "events" }, costRate = 62.15m, weeklyCapacity = 28m }));
        if (agreed)
        {
            await world.OfferAsync(AgreementId, access);
            await Ok(await app.WithKey(world.Client.Admin).PostAsync($"{world.ClientUrl}/agreements/{AgreementId}/accept", null));
        }
        return world;
    }

    public async Task<JsonElement> OfferAsync(string id, string access = "read", string? clientId = null, DateOnly? startsOn = null, DateOnly? endsOn = null)
    {
        var response = await App.WithKey(Consortium.Admin).PostAsJsonAsync($"{C}/agreements", new
        {
            id, clientId = clientId ?? Client.TenantId, fields = new[] { "events", "legal" },
            startsOn = startsOn ?? AgreementStart, endsOn = endsOn ?? new DateOnly(Today.Year + 1, 12, 31), access,
        });
        await Expect.Status(response, HttpStatusCode.Created);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> SubmitAsync(string id, string field = "events", string urgency = "normal")
    {
        var response = await App.WithKey(Client.Staff).PostAsJsonAsync($"{ClientUrl}/service-requests", new
        {
            id, consortiumId = Consortium.TenantId, field, title = new { fr = "Coordination de l’assemblée générale", en = "Coordinating the general assembly" }, needBy = Today.AddDays(14), urgency,
        });
        await Expect.Status(response, HttpStatusCode.Created);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task AssignAsync(string requestId, string professionalId) =>
        await Ok(await App.WithKey(Consortium.Staff).PostAsJsonAsync($"{C}/service-requests/{requestId}/assign", new { professionalId }));

    public async Task<JsonElement> RecordAsync(string requestId, string professionalId, DateOnly on, decimal hours)
    {
        var response = await App.WithKey(Consortium.Staff).PostAsJsonAsync($"{C}/time-entries", new { requestId, professionalId, on, hours });
        await Expect.Status(response, HttpStatusCode.Created);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A month that is over, within the agreement: last month.</summary>
    public string LastMonth => AgreementStart.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task Ok(HttpResponseMessage response) => await Expect.Status(response, HttpStatusCode.OK);
}
