using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Consortium;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Queries;

/// <summary>
/// Issue 12 §6: a client reads its statements under its own path too
/// (<c>/tenants/{client}/statements?consortium=&amp;month=</c>), with the consortium path's rules:
/// its staff for its own statements only, never another tenant. A missing parameter says "required".
/// </summary>
public sealed class ClientStatementPathTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private async Task<SharedServicesWorld> BilledWorldAsync()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        await world.SubmitAsync("r1");
        await world.AssignAsync("r1", "ana");
        await world.RecordAsync("r1", "ana", world.AgreementStart.AddDays(2), 2.5m);
        await Expect.Status(await app.WithKey(world.Consortium.Admin).PostAsJsonAsync($"{world.C}/statements",
            new { clientId = world.Client.TenantId, month = world.LastMonth }), HttpStatusCode.Created);
        return world;
    }

    [Fact]
    public async Task AClientReadsOnItsOwnPathTheStatementTheConsortiumReadsOnItsPath()
    {
        var world = await BilledWorldAsync();
        var onConsortiumPath = await app.WithKey(world.Consortium.Staff).GetFromJsonAsync<JsonElement>(
            $"{world.C}/statements?client={world.Client.TenantId}&month={world.LastMonth}");
        var onOwnPath = await app.WithKey(world.Client.Staff).GetFromJsonAsync<JsonElement>(
            $"{world.ClientUrl}/statements?consortium={world.Consortium.TenantId}&month={world.LastMonth}");

        Assert.Equal(onConsortiumPath.ToString(), onOwnPath.ToString());
        Assert.Equal(113.25m, onOwnPath.GetProperty("total").GetDecimal());   // 2.5 h × 45.30 $
        var csv = await app.WithKey(world.Client.Admin).GetAsync($"{world.ClientUrl}/statements.csv?consortium={world.Consortium.TenantId}&month={world.LastMonth}");
        await Expect.Status(csv, HttpStatusCode.OK);
        Assert.Contains("113.25", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Its header row in the caller's language.
        var french = new HttpRequestMessage(HttpMethod.Get, $"{world.ClientUrl}/statements.csv?consortium={world.Consortium.TenantId}&month={world.LastMonth}");
        french.Headers.TryAddWithoutValidation("Accept-Language", "fr-CA");
        var frenchCsv = await app.WithKey(world.Client.Staff).SendAsync(french);
        await Expect.Status(frenchCsv, HttpStatusCode.OK);
        Assert.StartsWith("ligne,consortium,client,mois,statut,demande,professionnel,heures,taux,montant", await frenchCsv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.StartsWith("kind,consortiumId,clientId,month", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheClientPathKeepsTheConsortiumPathsRules()
    {
        var world = await BilledWorldAsync();
        var query = $"statements?consortium={world.Consortium.TenantId}&month={world.LastMonth}";

        // The client's viewer is refused, as on the consortium's path (staff or more).
        await Expect.Problem(await app.WithKey(world.Client.Viewer).GetAsync($"{world.ClientUrl}/{query}"), HttpStatusCode.Forbidden);
        // Another tenant learns nothing through the client's path, whoever it names.
        await Expect.Problem(await app.WithKey(world.Third.Staff).GetAsync($"{world.ClientUrl}/{query}"), HttpStatusCode.NotFound);
        await Expect.Problem(await app.WithKey(world.Consortium.Staff).GetAsync($"{world.ClientUrl}/{query}"), HttpStatusCode.NotFound);
        // A consortium the client has no agreement with has no statement for it.
        await Expect.Problem(await app.WithKey(world.Client.Staff).GetAsync(
            $"{world.ClientUrl}/statements?consortium={world.Third.TenantId}&month={world.LastMonth}"), HttpStatusCode.NotFound);
        // The third tenant reading "its" statement on its own path from the consortium: no agreement, nothing.
        await Expect.Problem(await app.WithKey(world.Third.Staff).GetAsync(
            $"{world.ThirdUrl}/statements?consortium={world.Consortium.TenantId}&month={world.LastMonth}"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("client", "statements?month={month}", "'consortium' is required.")]
    [InlineData("client", "statements?consortium={consortium}", "'month' is required")]
    [InlineData("consortium", "statements?month={month}", "'client' is required.")]
    [InlineData("consortium", "statements?client={client}", "'month' is required")]
    [InlineData("consortium", "statements.csv?client={client}", "'month' is required")]
    public async Task AMissingParameterIsSaidToBeRequired(string side, string query, string expected)
    {
        var world = await BilledWorldAsync();
        var (key, root) = side == "client" ? (world.Client.Staff, world.ClientUrl) : (world.Consortium.Staff, world.C);
        var url = $"{root}/" + query.Replace("{month}", world.LastMonth).Replace("{consortium}", world.Consortium.TenantId).Replace("{client}", world.Client.TenantId);
        var problem = await Expect.Problem(await app.WithKey(key).GetAsync(url), HttpStatusCode.BadRequest);
        Assert.StartsWith(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("must match", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}

/// <summary>Issue 12 §2: service requests by status, the closed ones (done, cancelled) included, year by year.</summary>
public sealed class ServiceRequestStatusTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    [Fact]
    public async Task RequestsInHandAreFilteredByStatusOnBothSides()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        await world.SubmitAsync("r-open");
        await world.SubmitAsync("r-assigned");
        await world.AssignAsync("r-assigned", "ana");

        async Task<string[]> Ids(string key, string root, string query) =>
            (await app.WithKey(key).GetFromJsonAsync<JsonElement>($"{root}/service-requests{query}")).EnumerateArray().Select(r => r.GetProperty("id").GetString()!).Order().ToArray();

        Assert.Equal(["r-assigned", "r-open"], await Ids(world.Consortium.Viewer, world.C, ""));
        Assert.Equal(["r-open"], await Ids(world.Consortium.Viewer, world.C, "?status=open"));
        Assert.Equal(["r-assigned"], await Ids(world.Consortium.Viewer, world.C, $"?status=assigned&client={world.Client.TenantId}"));
        Assert.Equal(["r-open"], await Ids(world.Client.Viewer, world.ClientUrl, "?status=open"));

        var bad = await Expect.Problem(await app.WithKey(world.Consortium.Viewer).GetAsync($"{world.C}/service-requests?status=closed"), HttpStatusCode.BadRequest);
        Assert.Contains("open, assigned, done, cancelled", bad.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DoneAndCancelledRequestsAreListedByYearOnBothSides()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        await world.SubmitAsync("r-done");
        await world.SubmitAsync("r-cancelled");
        await world.SubmitAsync("r-in-hand");
        await world.AssignAsync("r-done", "ana");
        await Expect.Status(await app.WithKey(world.Consortium.Staff).PostAsync($"{world.C}/service-requests/r-done/complete", null), HttpStatusCode.OK);
        await Expect.Status(await app.WithKey(world.Client.Staff).PostAsync($"{world.ClientUrl}/service-requests/r-cancelled/cancel", null), HttpStatusCode.OK);

        async Task<string[]> Ids(string key, string root, string query) =>
            (await app.WithKey(key).GetFromJsonAsync<JsonElement>($"{root}/service-requests{query}")).EnumerateArray().Select(r => r.GetProperty("id").GetString()!).Order().ToArray();

        var year = app.Clock.GetUtcNow().Year;
        Assert.Equal(["r-done"], await Ids(world.Consortium.Viewer, world.C, "?status=done"));
        Assert.Equal(["r-cancelled"], await Ids(world.Consortium.Viewer, world.C, $"?status=cancelled&year={year}&client={world.Client.TenantId}"));
        Assert.Equal(["r-done"], await Ids(world.Client.Viewer, world.ClientUrl, "?status=done"));
        Assert.Equal(["r-cancelled"], await Ids(world.Client.Viewer, world.ClientUrl, "?status=cancelled"));
        Assert.Empty(await Ids(world.Consortium.Viewer, world.C, $"?status=done&year={year - 1}"));
        // The book of requests in hand no longer holds them.
        Assert.Equal(["r-in-hand"], await Ids(world.Consortium.Viewer, world.C, ""));
        // Another client sees none of them.
        Assert.Empty(await Ids(world.Third.Viewer, world.ThirdUrl, "?status=done"));

        await Expect.Problem(await app.WithKey(world.Consortium.Viewer).GetAsync($"{world.C}/service-requests?status=done&year=26"), HttpStatusCode.BadRequest);
        var yearAlone = await Expect.Problem(await app.WithKey(world.Consortium.Viewer).GetAsync($"{world.C}/service-requests?year={year}"), HttpStatusCode.BadRequest);
        Assert.Contains("status=done", yearAlone.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
