using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Consortium;

/// <summary>Bad input on every shared-services route: a 4xx problem+json, never a 5xx, and nothing stored.</summary>
public sealed class SharedServicesBadInputTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private static readonly string Long = new('x', 10_000);

    private static IEnumerable<string> CommonlyBad => ["", "not json", "{", "null", "[]", "42", "{\"unknown\":1}"];

    [Fact]
    public async Task BadProfessionalsAreRefusedAndNotStored()
    {
        var world = await SharedServicesWorld.CreateAsync(app, agreed: false);
        var bodies = CommonlyBad.Concat(
        [
            """{"name":"Pat","fields":["events"],"costRate":"45","weeklyCapacity":35}""",
            """{"name":"Pat","fields":["events"],"weeklyCapacity":35}""",
            """{"name":"Pat","fields":"events","costRate":45,"weeklyCapacity":35}""",
            """{"name":"Pat","fields":["cooking"],"costRate":45,"weeklyCapacity":35}""",
            """{"name":"Pat","fields":[null],"costRate":45,"weeklyCapacity":35}""",
            """{"name":"Pat","fields":["événements"],"costRate":45,"weeklyCapacity":35}""",
            """{"name":null,"fields":["events"],"costRate":45,"weeklyCapacity":35}""",
            """{"name":"Pat","fields":["events"],"costRate":-45,"weeklyCapacity":35}""",
            """{"name":"Pat","fields":["events"],"costRate":45.001,"weeklyCapacity":35}""",
            """{"name":"Pat","fields":["events"],"costRate":1e400,"weeklyCapacity":35}""",
            """{"name":"Pat","fields":["events"],"costRate":45,"weeklyCapacity":0}""",
            """{"name":"Pat","fields":["events"],"costRate":45,"weeklyCapacity":35,"active":"yes"}""",
            """{"name":"Pat","fields":["events"],"costRate":45,"weeklyCapacity":35,"rateEffectiveFrom":"2025-02-30"}""",
            """{"name":"Pat","fields":["events"],"costRate":45,"weeklyCapacity":35,"rateHistory":[]}""",
            $$"""{"name":"{{Long}}","fields":["events"],"costRate":45,"weeklyCapacity":35}""",
        ]);
        foreach (var body in bodies)
            await Expect.ClientError(await app.WithKey(world.Consortium.Admin).PutJsonAsync($"{world.C}/professionals/pat", body));
        foreach (var id in Raw.InvalidPathIds)
            await Expect.ClientError(await app.WithKey(world.Consortium.Admin).PutJsonAsync($"{world.C}/professionals/{id}",
                """{"name":"Pat","fields":["events"],"costRate":45,"weeklyCapacity":35}"""));

        var all = await app.WithKey(world.Consortium.Admin).GetFromJsonAsync<JsonElement>($"{world.C}/professionals");
        Assert.Equal(["ana", "ben"], all.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(45.30m, all[0].GetProperty("costRate").GetDecimal());
    }

    [Fact]
    public async Task BadFieldsAreRefusedAndNotStored()
    {
        var world = await SharedServicesWorld.CreateAsync(app, agreed: false);
        var bodies = CommonlyBad.Concat(
        [
            """{"name":{"fr":"RH"}}""",
            """{"name":"RH"}""",
            """{"name":{"fr":"RH","en":" "}}""",
            """{"name":{"fr":"RH","en":"HR"},"id":"other"}""",
            "{\"name\":{\"fr\":\"" + Long + "\",\"en\":\"HR\"}}",
        ]);
        foreach (var body in bodies)
            await Expect.ClientError(await app.WithKey(world.Consortium.Admin).PutJsonAsync($"{world.C}/fields/hr", body));
        foreach (var id in Raw.InvalidPathIds)
            await Expect.ClientError(await app.WithKey(world.Consortium.Admin).PutJsonAsync($"{world.C}/fields/{id}", """{"name":{"fr":"RH","en":"HR"}}"""));

        Assert.Equal(2, (await app.WithKey(world.Consortium.Admin).GetFromJsonAsync<JsonElement>($"{world.C}/fields")).GetArrayLength());
    }

    [Fact]
    public async Task BadOffersAreRefusedAndNotStoredOnEitherSide()
    {
        var world = await SharedServicesWorld.CreateAsync(app, agreed: false);
        var client = world.Client.TenantId;
        string Offer(string extra) => "{\"clientId\":\"" + client + "\",\"fields\":[\"events\"],\"startsOn\":\"2026-03-01\",\"endsOn\":\"2027-03-01\"," + extra + "}";
        var bodies = CommonlyBad.Concat(
        [
            Offer("\"access\":\"write\""),
            Offer("\"access\":1"),
            Offer("\"access\":null"),
            Offer("\"access\":\"read\",\"status\":\"accepted\""),
            Offer("\"access\":\"read\",\"id\":\"../x\""),
            Offer("\"access\":\"read\",\"id\":\"" + Long + "\""),
            """{"clientId":"CLIENT","fields":["events"],"startsOn":"2026-02-30","endsOn":"2027-03-01","access":"read"}""".Replace("CLIENT", client),
            """{"clientId":"CLIENT","fields":["events"],"startsOn":"2026-06-01","endsOn":"2026-05-01","access":"read"}""".Replace("CLIENT", client),
            """{"clientId":"CLIENT","fields":[],"startsOn":"2026-03-01","endsOn":"2027-03-01","access":"read"}""".Replace("CLIENT", client),
            """{"clientId":"café","fields":["events"],"startsOn":"2026-03-01","endsOn":"2027-03-01","access":"read"}""",
            """{"clientId":"a/b","fields":["events"],"startsOn":"2026-03-01","endsOn":"2027-03-01","access":"read"}""",
            """{"clientId":"nobody-at-all","fields":["events"],"startsOn":"2026-03-01","endsOn":"2027-03-01","access":"read"}""",
            """{"fields":["events"],"startsOn":"2026-03-01","endsOn":"2027-03-01","access":"read"}""",
        ]);
        foreach (var body in bodies)
            await Expect.ClientError(await app.WithKey(world.Consortium.Admin).PostJsonAsync($"{world.C}/agreements", body));
        foreach (var id in Raw.InvalidPathIds)
        {
            await Expect.ClientError(await app.WithKey(world.Client.Admin).PostAsync($"{world.ClientUrl}/agreements/{id}/accept", null));
            await Expect.ClientError(await app.WithKey(world.Consortium.Admin).PostAsync($"{world.C}/agreements/{id}/end", null));
        }

        Assert.Equal(0, (await app.WithKey(world.Consortium.Admin).GetFromJsonAsync<JsonElement>($"{world.C}/agreements")).GetArrayLength());
        Assert.Equal(0, (await app.WithKey(world.Client.Admin).GetFromJsonAsync<JsonElement>($"{world.ClientUrl}/agreements")).GetArrayLength());
    }

    [Fact]
    public async Task BadServiceRequestsAreRefusedAndNotStored()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        var c = world.Consortium.TenantId;
        string Request(string extra) => "{\"consortiumId\":\"" + c + "\",\"field\":\"events\",\"title\":{\"fr\":\"AG\",\"en\":\"AG\"}," + extra + "}";
        var bodies = CommonlyBad.Concat(
        [
            Request("\"needBy\":\"2026-04-01\",\"urgency\":\"critical\""),
            Request("\"needBy\":\"2026-04-01\",\"urgency\":2"),
            Request("\"needBy\":\"2026-13-01\",\"urgency\":\"urgent\""),
            Request("\"needBy\":\"2026-02-30\",\"urgency\":\"urgent\""),
            Request("\"needBy\":\"tomorrow\",\"urgency\":\"urgent\""),
            Request("\"urgency\":\"urgent\""),
            Request("\"needBy\":\"2026-04-01\",\"urgency\":\"urgent\",\"estimatedHours\":\"ten\""),
            Request("\"needBy\":\"2026-04-01\",\"urgency\":\"urgent\",\"estimatedHours\":-2"),
            Request("\"needBy\":\"2026-04-01\",\"urgency\":\"urgent\",\"status\":\"assigned\""),
            Request("\"needBy\":\"2026-04-01\",\"urgency\":\"urgent\",\"clientId\":\"someone-else\""),
            Request("\"needBy\":\"2026-04-01\",\"urgency\":\"urgent\",\"id\":\"A B\""),
            "{\"consortiumId\":\"" + c + "\",\"field\":\"events\",\"title\":{\"fr\":\"" + Long + "\",\"en\":\"AG\"},\"needBy\":\"2026-04-01\",\"urgency\":\"urgent\"}",
            "{\"consortiumId\":\"" + c + "\",\"field\":\"events\",\"title\":{\"fr\":\"AG\",\"en\":\"\\u0000\"},\"needBy\":\"2026-04-01\",\"urgency\":\"urgent\"}",
            // A title is bilingual like every other: a plain string, or a language missing, is refused.
            "{\"consortiumId\":\"" + c + "\",\"field\":\"events\",\"title\":\"AG\",\"needBy\":\"2026-04-01\",\"urgency\":\"urgent\"}",
            "{\"consortiumId\":\"" + c + "\",\"field\":\"events\",\"title\":{\"fr\":\"AG\"},\"needBy\":\"2026-04-01\",\"urgency\":\"urgent\"}",
            "{\"consortiumId\":\"" + c + "\",\"field\":\"events\",\"title\":{\"fr\":\"AG\",\"en\":\" \"},\"needBy\":\"2026-04-01\",\"urgency\":\"urgent\"}",
            "{\"consortiumId\":null,\"field\":\"events\",\"title\":{\"fr\":\"AG\",\"en\":\"AG\"},\"needBy\":\"2026-04-01\",\"urgency\":\"urgent\"}",
            "{\"consortiumId\":\"../" + c + "\",\"field\":\"events\",\"title\":{\"fr\":\"AG\",\"en\":\"AG\"},\"needBy\":\"2026-04-01\",\"urgency\":\"urgent\"}",
            "{\"consortiumId\":\"" + c + "\",\"field\":\"cooking\",\"title\":{\"fr\":\"AG\",\"en\":\"AG\"},\"needBy\":\"2026-04-01\",\"urgency\":\"urgent\"}",
        ]);
        foreach (var body in bodies)
            await Expect.ClientError(await app.WithKey(world.Client.Staff).PostJsonAsync($"{world.ClientUrl}/service-requests", body));

        Assert.Equal(0, (await app.WithKey(world.Client.Staff).GetFromJsonAsync<JsonElement>($"{world.ClientUrl}/service-requests")).GetArrayLength());
        Assert.Equal(0, (await app.WithKey(world.Consortium.Staff).GetFromJsonAsync<JsonElement>($"{world.C}/service-requests")).GetArrayLength());
    }

    [Fact]
    public async Task BadAssignmentsAndTimeEntriesAreRefusedAndNotStored()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        await world.SubmitAsync("r1");
        var staff = app.WithKey(world.Consortium.Staff);

        foreach (var body in CommonlyBad.Concat(["""{"professionalId":"../ana"}""", """{"professionalId":7}""", """{"professionalId":"nobody"}""",
                     """{"professionalId":"ana","estimatedHours":-3}""", """{"professionalId":"ana","status":"done"}"""]))
            await Expect.ClientError(await staff.PostJsonAsync($"{world.C}/service-requests/r1/assign", body));
        foreach (var id in Raw.InvalidPathIds)
        {
            await Expect.ClientError(await staff.PostJsonAsync($"{world.C}/service-requests/{id}/assign", """{"professionalId":"ana"}"""));
            await Expect.ClientError(await staff.GetAsync($"{world.C}/service-requests/{id}/candidates"));
            await Expect.ClientError(await staff.DeleteAsync($"{world.C}/time-entries/{id}"));
        }
        var request = await staff.GetFromJsonAsync<JsonElement>($"{world.C}/service-requests/r1");
        Assert.Equal("open", request.GetProperty("status").GetString());

        await world.AssignAsync("r1", "ana");
        string Entry(string hours, string on = "\"2026-03-10\"") => "{\"requestId\":\"r1\",\"professionalId\":\"ana\",\"on\":" + on + ",\"hours\":" + hours + "}";
        foreach (var body in CommonlyBad.Concat([Entry("\"8\""), Entry("0"), Entry("-1"), Entry("24.5"), Entry("1.005"), Entry("1e30"), Entry("8", "\"2026-02-30\""),
                     Entry("8", "\"10/03/2026\""), Entry("8", "null"), """{"requestId":"r1","professionalId":"ana","on":"2026-03-10"}""",
                     """{"requestId":"a/b","professionalId":"ana","on":"2026-03-10","hours":1}""", Entry("1").Replace("}", ",\"rate\":1}")]))
            await Expect.ClientError(await staff.PostJsonAsync($"{world.C}/time-entries", body));

        Assert.Equal(0, (await staff.GetFromJsonAsync<JsonElement>($"{world.C}/time-entries?month=2026-03")).GetArrayLength());
        Assert.Equal(0, (await staff.GetFromJsonAsync<JsonElement>($"{world.C}/time-entries?month=2026-02")).GetArrayLength());
    }

    [Fact]
    public async Task BadStatementRequestsAndQueriesAreRefusedAndNothingIsIssued()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        await world.SubmitAsync("r1");
        await world.AssignAsync("r1", "ana");
        await world.RecordAsync("r1", "ana", world.AgreementStart.AddDays(1), 2m);
        var admin = app.WithKey(world.Consortium.Admin);
        var client = world.Client.TenantId;

        foreach (var body in CommonlyBad.Concat(["{\"clientId\":\"" + client + "\",\"month\":\"2026-13\"}", "{\"clientId\":\"" + client + "\",\"month\":\"02-2026\"}",
                     "{\"clientId\":\"" + client + "\",\"month\":202602}", "{\"clientId\":\"" + client + "\"}", "{\"clientId\":\"" + Long + "\",\"month\":\"2026-02\"}",
                     "{\"clientId\":\"" + client + "\",\"month\":\"2026-02\",\"total\":0}"]))
            await Expect.ClientError(await admin.PostJsonAsync($"{world.C}/statements", body));

        foreach (var query in new[] { "", "?month=2026-2", $"?client={client}", $"?client={client}&month=x", $"?client=A%2FB&month={world.LastMonth}", $"?client={client}&month=1999-12" })
        {
            await Expect.ClientError(await admin.GetAsync($"{world.C}/statements{query}"));
            await Expect.ClientError(await admin.GetAsync($"{world.C}/statements.csv{query}"));
        }
        foreach (var query in new[] { "", "?year=abc", "?year=1999", "?year=99999999999", "?year=-2026", "?year=2026.5" })
        {
            await Expect.ClientError(await admin.GetAsync($"{world.C}/cost-recovery{query}"));
            await Expect.ClientError(await admin.GetAsync($"{world.C}/cost-recovery.csv{query}"));
        }
        foreach (var query in new[] { "", "?month=2026", "?month=2026-03&professional=Ana", "?month=2026-03&request=..%2Fx" })
            await Expect.ClientError(await admin.GetAsync($"{world.C}/time-entries{query}"));

        var statement = await admin.GetFromJsonAsync<JsonElement>($"{world.C}/statements?client={client}&month={world.LastMonth}");
        Assert.Equal("draft", statement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task InvalidIdsInAnyPathAre4xxNever5xx()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        var consortium = app.WithKey(world.Consortium.Admin);
        var client = app.WithKey(world.Client.Admin);
        foreach (var id in Raw.InvalidPathIds)
        {
            // HttpClient resolves a trailing ".." segment before sending (…/professionals/.. is …/), so those
            // reach the tenant's own profile; every other bad id reaches the route and must be refused.
            if (id is not (".." or "%2E%2E"))
            {
                await Expect.ClientError(await consortium.GetAsync($"{world.C}/professionals/{id}"));
                await Expect.ClientError(await consortium.GetAsync($"{world.C}/agreements/{id}"));
                await Expect.ClientError(await consortium.GetAsync($"{world.C}/service-requests/{id}"));
                await Expect.ClientError(await client.GetAsync($"{world.ClientUrl}/agreements/{id}"));
                await Expect.ClientError(await client.GetAsync($"{world.ClientUrl}/service-requests/{id}"));
            }
            await Expect.ClientError(await consortium.PostAsync($"{world.C}/service-requests/{id}/complete", null));
            await Expect.ClientError(await consortium.PostAsync($"{world.C}/service-requests/{id}/cancel", null));
            await Expect.ClientError(await client.PostAsync($"{world.ClientUrl}/agreements/{id}/decline", null));
            await Expect.ClientError(await client.PostAsync($"{world.ClientUrl}/service-requests/{id}/cancel", null));
            await Expect.ClientError(await consortium.GetAsync($"/api/v1/tenants/{id}/professionals"));
            await Expect.ClientError(await consortium.GetAsync($"/api/v1/tenants/{id}/statements?month={world.LastMonth}"));
        }
        var agreement = await client.GetFromJsonAsync<JsonElement>($"{world.ClientUrl}/agreements/{SharedServicesWorld.AgreementId}");
        Assert.Equal("accepted", agreement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task BodiesOverOneMebibyteAre413()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        await Expect.Problem(await app.WithKey(world.Consortium.Admin).PutJsonAsync($"{world.C}/professionals/pat", Raw.OversizedJson()), HttpStatusCode.RequestEntityTooLarge);
        await Expect.Problem(await app.WithKey(world.Client.Staff).PostJsonAsync($"{world.ClientUrl}/service-requests", Raw.OversizedJson()), HttpStatusCode.RequestEntityTooLarge);
    }
}
