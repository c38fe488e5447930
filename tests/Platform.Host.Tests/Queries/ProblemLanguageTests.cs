using System.Net;
using System.Net.Http.Json;
using Platform.Host.Tests.Infrastructure;
using static Platform.Host.Tests.Federations.FederationHttp;

namespace Platform.Host.Tests.Queries;

/// <summary>
/// Issue 12 §5: problem details follow Accept-Language — French for fr and fr-CA, English for
/// en-*, English without the header — whoever wrote the problem (a grain, a handler, the
/// framework); CSV headers too.
/// </summary>
public sealed class ProblemLanguageTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private async Task<System.Text.Json.JsonElement> ProblemAsync(string key, HttpMethod method, string url, string? language, HttpStatusCode status, string? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (language is not null) request.Headers.TryAddWithoutValidation("Accept-Language", language);
        if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        return await Expect.Problem(await app.WithKey(key).SendAsync(request), status);
    }

    [Theory]
    [InlineData("fr", true)]
    [InlineData("fr-CA", true)]
    [InlineData("en-CA,fr;q=0.5", false)]
    [InlineData("de, fr-CA;q=0.8, en;q=0.5", true)]
    [InlineData("en", false)]
    [InlineData(null, false)]
    public async Task AGrainsNotFoundFollowsTheCallersLanguage(string? language, bool french)
    {
        var fed = await app.NewFederationAsync();
        var problem = await ProblemAsync(fed.Viewer, HttpMethod.Get, $"{Members(fed.TenantId)}/ghost", language, HttpStatusCode.NotFound);
        Assert.Equal(french ? "Introuvable." : "Not found.", problem.GetProperty("title").GetString());
        Assert.Equal(french ? "Aucun membre « ghost » dans cette fédération." : "No member 'ghost' in this federation.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AValidationProblemIsInFrenchInItsDetailAndItsErrors()
    {
        var fed = await app.NewFederationAsync();
        var problem = await ProblemAsync(fed.Viewer, HttpMethod.Get, $"{Members(fed.TenantId)}?limit=0", "fr-CA", HttpStatusCode.BadRequest);
        Assert.Equal("La requête n'est pas valide.", problem.GetProperty("title").GetString());
        Assert.Equal("« limit » doit être entre 1 et 1000.", problem.GetProperty("detail").GetString());
        Assert.Equal("« limit » doit être entre 1 et 1000.", problem.GetProperty("errors").GetProperty("limit")[0].GetString());

        problem = await ProblemAsync(fed.Admin, HttpMethod.Post, $"/api/v1/tenants/{fed.TenantId}/affiliations", "fr", HttpStatusCode.BadRequest, "{}");
        Assert.Equal("« parentId » est requis.", problem.GetProperty("detail").GetString());

        problem = await ProblemAsync(fed.Viewer, HttpMethod.Get, $"/api/v1/tenants/{fed.TenantId}/statistics?from=2025-02-30", "fr", HttpStatusCode.BadRequest);
        Assert.Equal("« from » doit être une date écrite AAAA-MM-JJ, p. ex. 2024-03-31.", problem.GetProperty("detail").GetString());

        problem = await ProblemAsync(fed.Viewer, HttpMethod.Get, $"{Members(fed.TenantId)}?status=done", "fr", HttpStatusCode.BadRequest);
        Assert.Equal("« status » doit être l'une des valeurs : active, withdrawn.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AConflictAndARoleTooLowAreInFrenchToo()
    {
        var fed = await app.NewFederationAsync();
        await app.AddMemberAsync(fed, Member("m1"));
        var conflict = await ProblemAsync(fed.Staff, HttpMethod.Post, Members(fed.TenantId), "fr", HttpStatusCode.Conflict,
            "{\"id\":\"m1\",\"name\":\"Coop\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2020-01-01\"}");
        Assert.Equal("Conflit.", conflict.GetProperty("title").GetString());

        var forbidden = await ProblemAsync(fed.Viewer, HttpMethod.Post, Members(fed.TenantId), "fr", HttpStatusCode.Forbidden, "{}");
        Assert.Contains("Cette action demande le rôle", forbidden.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Forbidden", forbidden.GetProperty("title").GetString() ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr-CA", "identifiant,nom,type,région,secteur,date d'adhésion")]
    [InlineData("en-CA", "id,name,type,region,sector,joinedOn")]
    [InlineData(null, "id,name,type,region,sector,joinedOn")]
    public async Task TheMemberCsvHeaderIsInTheCallersLanguage(string? language, string header)
    {
        var fed = await app.NewFederationAsync();
        await app.AddMemberAsync(fed, Member("m1"));
        var request = new HttpRequestMessage(HttpMethod.Get, $"{Members(fed.TenantId)}?format=csv");
        if (language is not null) request.Headers.TryAddWithoutValidation("Accept-Language", language);
        var response = await app.WithKey(fed.Viewer).SendAsync(request);
        await Expect.Status(response, HttpStatusCode.OK);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n");
        Assert.StartsWith(header, lines[0], StringComparison.Ordinal);
        Assert.StartsWith("m1,", lines[1], StringComparison.Ordinal);
    }
}
