using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Consortium;

public sealed class SharedServicesApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private static DateOnly Day(string month, int day) => DateOnly.ParseExact($"{month}-{day:D2}", "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task TheConsortiumKeepsBilingualFieldsAndProfessionalsWithTheirRateHistory()
    {
        var world = await SharedServicesWorld.CreateAsync(app, agreed: false);
        var admin = app.WithKey(world.Consortium.Admin);
        var raiseOn = world.Today.AddDays(10);

        await SharedServicesWorld.Ok(await admin.PutAsJsonAsync($"{world.C}/professionals/ana",
            new { name = "Ana", fields = new[] { "events" }, costRate = 47.85m, weeklyCapacity = 35m, rateEffectiveFrom = raiseOn }));

        var ana = await app.WithKey(world.Consortium.Viewer).GetFromJsonAsync<JsonElement>($"{world.C}/professionals/ana");
        Assert.Equal(45.30m, ana.GetProperty("costRate").GetDecimal());
        var steps = ana.GetProperty("rateHistory").EnumerateArray().Select(s => (s.GetProperty("effectiveFrom").GetString(), s.GetProperty("rate").GetDecimal())).ToList();
        Assert.Equal([(world.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 45.30m), (raiseOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 47.85m)], steps);

        var fields = await app.WithKey(world.Consortium.Viewer).GetFromJsonAsync<JsonElement>($"{world.C}/fields");
        Assert.Equal("Services juridiques", fields.EnumerateArray().Single(f => f.GetProperty("id").GetString() == "legal").GetProperty("name").GetProperty("fr").GetString());
        var all = await app.WithKey(world.Consortium.Viewer).GetFromJsonAsync<JsonElement>($"{world.C}/professionals");
        Assert.Equal(["ana", "ben"], all.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task AnOfferTakesEffectOnlyOnceTheClientsAdminAcceptsItOnTheClientsRoute()
    {
        var world = await SharedServicesWorld.CreateAsync(app, agreed: false);
        var offered = await world.OfferAsync("ag-1");
        Assert.Equal(("pending", false), (offered.GetProperty("status").GetString(), offered.GetProperty("inForce").GetBoolean()));

        var seen = await app.WithKey(world.Client.Viewer).GetFromJsonAsync<JsonElement>($"{world.ClientUrl}/agreements");
        Assert.Equal("ag-1", seen.EnumerateArray().Single().GetProperty("id").GetString());
        var refused = await app.WithKey(world.Client.Staff).PostAsJsonAsync($"{world.ClientUrl}/service-requests",
            new { consortiumId = world.Consortium.TenantId, field = "events", title = new { fr = "AG", en = "AG" }, needBy = world.Today.AddDays(14), urgency = "urgent" });
        await Expect.Problem(refused, HttpStatusCode.Conflict);
        await Expect.Problem(await app.WithKey(world.Client.Staff).PostAsync($"{world.ClientUrl}/agreements/ag-1/accept", null), HttpStatusCode.Forbidden);

        var accepted = await app.WithKey(world.Client.Admin).PostAsync($"{world.ClientUrl}/agreements/ag-1/accept", null);
        await Expect.Status(accepted, HttpStatusCode.OK);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("accepted", true), (body.GetProperty("status").GetString(), body.GetProperty("inForce").GetBoolean()));

        var consortiumSide = await app.WithKey(world.Consortium.Viewer).GetFromJsonAsync<JsonElement>($"{world.C}/agreements/ag-1");
        Assert.Equal("accepted", consortiumSide.GetProperty("status").GetString());
        var request = await world.SubmitAsync("r1", urgency: "urgent");
        Assert.Equal(("open", "ag-1"), (request.GetProperty("status").GetString(), request.GetProperty("agreementId").GetString()));
        // The title comes back in both languages, as given, on both sides.
        var read = await app.WithKey(world.Consortium.Viewer).GetFromJsonAsync<JsonElement>($"{world.C}/service-requests/r1");
        Assert.Equal(("Coordination de l’assemblée générale", "Coordinating the general assembly"),
            (read.GetProperty("title").GetProperty("fr").GetString(), read.GetProperty("title").GetProperty("en").GetString()));
    }

    [Fact]
    public async Task ARequestOutsideTheAgreementsFieldsIs409()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        await SharedServicesWorld.Ok(await app.WithKey(world.Consortium.Admin).PutAsJsonAsync($"{world.C}/fields/web", new { name = new { fr = "Web", en = "Web" } }));

        var response = await app.WithKey(world.Client.Staff).PostAsJsonAsync($"{world.ClientUrl}/service-requests",
            new { consortiumId = world.Consortium.TenantId, field = "web", title = new { fr = "Site", en = "Site" }, needBy = world.Today.AddDays(30), urgency = "normal" });

        await Expect.Problem(response, HttpStatusCode.Conflict);
        Assert.Equal(0, (await app.WithKey(world.Client.Viewer).GetFromJsonAsync<JsonElement>($"{world.ClientUrl}/service-requests")).GetArrayLength());
    }

    [Fact]
    public async Task AnUrgentRequestIsRankedAssignedTimedAndBilledAtFairCost()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        await world.SubmitAsync("assemblee", urgency: "urgent");

        var candidates = await app.WithKey(world.Consortium.Staff).GetFromJsonAsync<JsonElement>($"{world.C}/service-requests/assemblee/candidates");
        var ranked = candidates.GetProperty("candidates").EnumerateArray().ToList();
        Assert.Equal(["ana", "ben"], ranked.Select(c => c.GetProperty("professionalId").GetString()));
        Assert.Equal(["primary", "secondary"], ranked.Select(c => c.GetProperty("fieldMatch").GetString()));

        await world.AssignAsync("assemblee", "ana");
        var month = world.LastMonth;
        await world.RecordAsync("assemblee", "ana", Day(month, 10), 2.5m);
        await world.RecordAsync("assemblee", "ana", Day(month, 11), 1.25m);
        await world.RecordAsync("assemblee", "ana", Day(month, 12), 0.25m);

        var draft = await app.WithKey(world.Consortium.Staff).GetFromJsonAsync<JsonElement>($"{world.C}/statements?client={world.Client.TenantId}&month={month}");
        Assert.Equal("draft", draft.GetProperty("status").GetString());
        var line = draft.GetProperty("lines").EnumerateArray().Single();
        Assert.Equal((4m, 45.30m, 181.20m), (line.GetProperty("hours").GetDecimal(), line.GetProperty("rate").GetDecimal(), line.GetProperty("amount").GetDecimal()));

        var issued = await app.WithKey(world.Consortium.Admin).PostAsJsonAsync($"{world.C}/statements", new { clientId = world.Client.TenantId, month });
        await Expect.Status(issued, HttpStatusCode.Created);

        // The client reads its own statement on the consortium's route.
        var own = await app.WithKey(world.Client.Staff).GetFromJsonAsync<JsonElement>($"{world.C}/statements?month={month}");
        Assert.Equal(("issued", 181.20m), (own.GetProperty("status").GetString(), own.GetProperty("total").GetDecimal()));

        var recovery = await app.WithKey(world.Consortium.Admin).GetFromJsonAsync<JsonElement>($"{world.C}/cost-recovery?year={month[..4]}");
        var client = recovery.GetProperty("clients").EnumerateArray().Single(c => c.GetProperty("clientId").GetString() == world.Client.TenantId);
        Assert.Equal((181.20m, 181.20m, 0m), (client.GetProperty("cost").GetDecimal(), client.GetProperty("billed").GetDecimal(), client.GetProperty("difference").GetDecimal()));
        Assert.Equal(181.20m, recovery.GetProperty("billed").GetDecimal());

        // Frozen: no more time for that client and month.
        var late = await app.WithKey(world.Consortium.Staff).PostAsJsonAsync($"{world.C}/time-entries",
            new { requestId = "assemblee", professionalId = "ana", on = Day(month, 20), hours = 1m });
        await Expect.Problem(late, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task StatementsAndCostRecoveryExportAsCsvWithATotalRow()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        await world.SubmitAsync("r1");
        await world.AssignAsync("r1", "ben");
        await world.RecordAsync("r1", "ben", Day(world.LastMonth, 3), 1.95m);   // 121.1925 → 121.19
        await Expect.Status(await app.WithKey(world.Consortium.Admin).PostAsJsonAsync($"{world.C}/statements",
            new { clientId = world.Client.TenantId, month = world.LastMonth }), HttpStatusCode.Created);

        var statement = await app.WithKey(world.Consortium.Staff).GetAsync($"{world.C}/statements.csv?client={world.Client.TenantId}&month={world.LastMonth}");
        await Expect.Status(statement, HttpStatusCode.OK);
        Assert.Equal("text/csv", statement.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".csv", statement.Content.Headers.ContentDisposition?.FileName ?? "");
        var rows = (await statement.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("kind,consortiumId,clientId,month,status,requestId,professionalId,hours,rate,amount", rows[0]);
        Assert.Equal($"line,{world.Consortium.TenantId},{world.Client.TenantId},{world.LastMonth},issued,r1,ben,1.95,62.15,121.19", rows[1]);
        Assert.Equal($"total,{world.Consortium.TenantId},{world.Client.TenantId},{world.LastMonth},issued,,,1.95,,121.19", rows[2]);

        var year = world.LastMonth[..4];
        var recovery = await app.WithKey(world.Consortium.Admin).GetAsync($"{world.C}/cost-recovery.csv?year={year}");
        await Expect.Status(recovery, HttpStatusCode.OK);
        var lines = (await recovery.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("kind,consortiumId,year,clientId,cost,billed,unbilled,difference", lines[0]);
        Assert.Contains($"client,{world.Consortium.TenantId},{year},{world.Client.TenantId},121.19,121.19,0.00,0.00", lines);
        Assert.Equal($"total,{world.Consortium.TenantId},{year},,121.19,121.19,0.00,0.00", lines[^1]);

        // The client's own statement as CSV too.
        await Expect.Status(await app.WithKey(world.Client.Staff).GetAsync($"{world.C}/statements.csv?month={world.LastMonth}"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task TimeEntryRulesHoldThroughTheGateway()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        await world.SubmitAsync("r1");
        await world.AssignAsync("r1", "ana");
        var staff = app.WithKey(world.Consortium.Staff);
        var day = world.Today.AddDays(-1);

        var entry = await world.RecordAsync("r1", "ana", day, 20m);
        await Expect.Problem(await staff.PostAsJsonAsync($"{world.C}/time-entries", new { requestId = "r1", professionalId = "ana", on = day, hours = 4.25m }), HttpStatusCode.Conflict);
        await Expect.Problem(await staff.PostAsJsonAsync($"{world.C}/time-entries", new { requestId = "r1", professionalId = "ben", on = day, hours = 1m }), HttpStatusCode.Conflict);
        await Expect.Problem(await staff.PostAsJsonAsync($"{world.C}/time-entries", new { requestId = "r1", professionalId = "ana", on = world.AgreementStart.AddDays(-1), hours = 1m }), HttpStatusCode.Conflict);
        await Expect.Problem(await staff.PostAsJsonAsync($"{world.C}/time-entries", new { requestId = "r1", professionalId = "ana", on = world.Today.AddDays(1), hours = 1m }), HttpStatusCode.BadRequest);

        var id = entry.GetProperty("id").GetString()!;
        await SharedServicesWorld.Ok(await staff.DeleteAsync($"{world.C}/time-entries/{id}"));
        await Expect.Problem(await staff.DeleteAsync($"{world.C}/time-entries/{id}"), HttpStatusCode.NotFound);
        await world.RecordAsync("r1", "ana", day, 24m);

        var month = day.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var listed = await staff.GetFromJsonAsync<JsonElement>($"{world.C}/time-entries?month={month}&request=r1");
        Assert.Equal(24m, listed.EnumerateArray().Sum(e => e.GetProperty("hours").GetDecimal()));
    }

    [Fact]
    public async Task RequestsMoveThroughTheirStatusesFromBothSides()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        await world.SubmitAsync("r1");
        await world.SubmitAsync("r2", "legal");
        await world.AssignAsync("r1", "ana");

        var complete = await app.WithKey(world.Consortium.Staff).PostAsync($"{world.C}/service-requests/r1/complete", null);
        await Expect.Status(complete, HttpStatusCode.OK);
        var cancelled = await app.WithKey(world.Client.Staff).PostAsync($"{world.ClientUrl}/service-requests/r2/cancel", null);
        await Expect.Status(cancelled, HttpStatusCode.OK);
        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var r1 = await app.WithKey(world.Client.Viewer).GetFromJsonAsync<JsonElement>($"{world.ClientUrl}/service-requests/r1");
        Assert.Equal(("done", "ana"), (r1.GetProperty("status").GetString(), r1.GetProperty("professionalId").GetString()));
        Assert.Equal(0, (await app.WithKey(world.Consortium.Viewer).GetFromJsonAsync<JsonElement>($"{world.C}/service-requests")).GetArrayLength());
        await Expect.Problem(await app.WithKey(world.Consortium.Staff).PostAsync($"{world.C}/service-requests/r2/cancel", null), HttpStatusCode.Conflict);
        await Expect.Problem(await app.WithKey(world.Consortium.Staff).PostAsJsonAsync($"{world.C}/service-requests/r2/assign", new { professionalId = "ben" }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task EitherSideEndsAnAgreementAndRequestsStopAtOnce()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        await world.SubmitAsync("before-end");

        var ended = await app.WithKey(world.Client.Admin).PostAsync($"{world.ClientUrl}/agreements/{SharedServicesWorld.AgreementId}/end", null);
        await Expect.Status(ended, HttpStatusCode.OK);
        var body = await ended.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("ended", "client", false), (body.GetProperty("status").GetString(), body.GetProperty("endedBy").GetString(), body.GetProperty("inForce").GetBoolean()));

        var after = await app.WithKey(world.Client.Staff).PostAsJsonAsync($"{world.ClientUrl}/service-requests",
            new { consortiumId = world.Consortium.TenantId, field = "events", title = new { fr = "Trop tard", en = "Trop tard" }, needBy = world.Today.AddDays(3), urgency = "urgent" });
        await Expect.Problem(after, HttpStatusCode.Conflict);
        await Expect.Problem(await app.WithKey(world.Consortium.Admin).PostAsync($"{world.C}/agreements/{SharedServicesWorld.AgreementId}/end", null), HttpStatusCode.Conflict);

        await world.OfferAsync("ag-2");
        await SharedServicesWorld.Ok(await app.WithKey(world.Consortium.Admin).PostAsync($"{world.C}/agreements/ag-2/end", null));
        await Expect.Problem(await app.WithKey(world.Client.Admin).PostAsync($"{world.ClientUrl}/agreements/ag-2/accept", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task WritesAreAuditedOnTheTenantThatMadeThem()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        await world.SubmitAsync("r1");
        await world.AssignAsync("r1", "ana");

        var consortiumLog = await app.WithKey(world.Consortium.Admin).GetFromJsonAsync<JsonElement>($"{world.C}/audit");
        var actions = consortiumLog.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("field.put", actions);
        Assert.Contains("professional.put", actions);
        Assert.Contains("agreement.offer", actions);
        Assert.Contains("service-request.assign", actions);

        var clientLog = await app.WithKey(world.Client.Admin).GetFromJsonAsync<JsonElement>($"{world.ClientUrl}/audit");
        var clientActions = clientLog.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("agreement.accept", clientActions);
        Assert.Contains("service-request.submit", clientActions);
    }
}
