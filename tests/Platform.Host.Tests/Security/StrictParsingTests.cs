using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Federations;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Security;

/// <summary>
/// Issue 13 §2: an enum value is exactly one of its documented names, a property given twice is
/// refused, and a 400 says which field is wrong and what it should be, in the caller's language,
/// without naming a .NET type.
/// </summary>
public sealed class StrictParsingTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    [Theory]
    [InlineData("viewer,staff")]
    [InlineData("staff, viewer")]
    [InlineData("ADMIN")]
    [InlineData("Admin")]
    [InlineData(" admin")]
    [InlineData("admin ")]
    [InlineData("3")]
    [InlineData("")]
    public async Task AKeyRoleIsExactlyOneDocumentedName(string role)
    {
        var fed = await app.NewFederationAsync();
        var response = await app.WithKey(fed.Admin).PostAsJsonAsync($"/api/v1/tenants/{fed.TenantId}/keys", new { name = "k", role });

        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("'role'", detail, StringComparison.Ordinal);
        Assert.Contains("viewer, staff, admin", detail, StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _));
        NoTypeNames.Assert(await response.Content.ReadAsStringAsync());
        // Nothing issued: the admin key and the two of the fixture only.
        var keys = await app.WithKey(fed.Admin).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{fed.TenantId}/keys");
        Assert.Equal(3, keys.GetArrayLength());
    }

    [Fact]
    public async Task FlagsStyleMemberTypeAndTenantKindAreRefused()
    {
        var fed = await app.NewFederationAsync();
        var member = await app.WithKey(fed.Staff).PostJsonAsync(FederationHttp.Members(fed.TenantId),
            "{\"id\":\"m1\",\"name\":\"Coop\",\"type\":\"worker,producer\",\"region\":\"06\",\"joinedOn\":\"2024-01-10\"}");
        var problem = await Expect.Problem(member, HttpStatusCode.BadRequest);
        Assert.Contains("community-organization", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await app.MemberIdsAsync(fed));

        var id = PlatformApp.NewTenantId();
        var tenant = await app.Operator().PostJsonAsync("/api/v1/tenants",
            $"{{\"id\":\"{id}\",\"kind\":\"federation,consortium\",\"name\":{{\"fr\":\"a\",\"en\":\"b\"}}}}");
        problem = await Expect.Problem(tenant, HttpStatusCode.BadRequest);
        Assert.Contains("federation, consortium, organization", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var tenants = await app.Operator().GetFromJsonAsync<JsonElement>("/api/v1/tenants");
        Assert.DoesNotContain(tenants.EnumerateArray(), t => t.GetProperty("id").GetString() == id);
    }

    [Theory]
    [InlineData("{\"name\":\"k\",\"role\":\"viewer\",\"role\":\"admin\"}", "role")]
    [InlineData("{\"name\":\"k\",\"name\":\"j\",\"role\":\"viewer\"}", "name")]
    public async Task APropertyGivenTwiceIsRefused(string body, string field)
    {
        var fed = await app.NewFederationAsync();
        var response = await app.WithKey(fed.Admin).PostJsonAsync($"/api/v1/tenants/{fed.TenantId}/keys", body);
        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest);
        Assert.Contains($"'{field}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("more than once", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var keys = await app.WithKey(fed.Admin).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{fed.TenantId}/keys");
        Assert.Equal(3, keys.GetArrayLength());
    }

    [Fact]
    public async Task NestedDuplicatesAreRefusedToo()
    {
        var id = PlatformApp.NewTenantId();
        var response = await app.Operator().PostJsonAsync("/api/v1/tenants",
            $"{{\"id\":\"{id}\",\"kind\":\"federation\",\"name\":{{\"fr\":\"a\",\"en\":\"b\",\"en\":\"c\"}}}}");
        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest);
        Assert.Contains("'name.en'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"name\":5,\"role\":\"viewer\"}", "'name' must be a text")]
    [InlineData("{\"role\":\"viewer\"}", "'name'")]
    [InlineData("{\"name\":\"k\",\"role\":\"viewer\",\"tenant\":\"x\"}", "'tenant' is not a field of this request; allowed fields: name, role")]
    [InlineData("{\"name\":\"k\",\"role\":", "not valid JSON")]
    [InlineData("{\"name\":null,\"role\":\"viewer\"}", "'name' may not be null")]
    [InlineData("[1,2]", "must be an object")]
    public async Task BadBodiesSayWhichFieldAndWhatItShouldBe(string body, string expected)
    {
        var fed = await app.NewFederationAsync();
        var response = await app.WithKey(fed.Admin).PostJsonAsync($"/api/v1/tenants/{fed.TenantId}/keys", body);
        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        NoTypeNames.Assert(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NestedWrongTypesNameTheirPathAndExpectedShape()
    {
        var fed = await app.NewFederationAsync();
        var response = await app.WithKey(fed.Staff).PostJsonAsync($"/api/v1/tenants/{fed.TenantId}/activities",
            "{\"kind\":\"training\",\"title\":{\"fr\":\"a\",\"en\":7},\"on\":\"2026-01-10\"}");
        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest);
        Assert.Contains("'title.en' must be a text", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        response = await app.WithKey(fed.Staff).PostJsonAsync($"/api/v1/tenants/{fed.TenantId}/activities",
            "{\"kind\":\"training\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"on\":\"10/01/2026\"}");
        problem = await Expect.Problem(response, HttpStatusCode.BadRequest);
        Assert.Contains("'on' must be a date written YYYY-MM-DD", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorsFollowTheCallersLanguage()
    {
        var fed = await app.NewFederationAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tenants/{fed.TenantId}/keys")
        {
            Content = new StringContent("{\"name\":\"k\",\"role\":\"ADMIN\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fed.Admin);
        request.Headers.TryAddWithoutValidation("Accept-Language", "fr-CA,fr;q=0.9,en;q=0.5");
        var problem = await Expect.Problem(await app.Anonymous().SendAsync(request), HttpStatusCode.BadRequest);
        Assert.Equal("« role » doit être exactement l'une des valeurs : viewer, staff, admin.", problem.GetProperty("detail").GetString());
        Assert.Equal("La requête n'est pas valide.", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("/api/v1/postings?minHourlyPay=abc", "'minHourlyPay' must be a number")]
    public async Task BadQueryValuesSayWhatTheyShouldBe(string url, string expected)
    {
        var response = await app.Anonymous().GetAsync(url);
        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        NoTypeNames.Assert(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AWrongMediaTypeIsAnsweredWithoutTypeNames()
    {
        var fed = await app.NewFederationAsync();
        var response = await app.WithKey(fed.Admin).PostAsync($"/api/v1/tenants/{fed.TenantId}/keys", new StringContent("name=k", System.Text.Encoding.UTF8, "text/plain"));
        await Expect.ClientError(response);
        NoTypeNames.Assert(await response.Content.ReadAsStringAsync());
    }
}
