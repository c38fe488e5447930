using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Abstractions;
using Platform.Host.Tests.Infrastructure;
using Platform.Host.Tests.Roles;

namespace Platform.Host.Tests.Consortium;

/// <summary><c>PUT</c>/<c>DELETE …/professionals/{id}/person</c>: the consortium's admin links a professional to a person account of the consortium.</summary>
public sealed class ProfessionalPersonApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    /// <summary>A person of the tenant, through the tenant's own invitation flow (the grain the invitation page uses).</summary>
    private async Task<string> JoinAsync(string tenantId, string name)
    {
        var people = app.Services.GetRequiredService<IGrainFactory>().GetGrain<ITenantPeopleGrain>(tenantId);
        var issued = await people.InviteAsync($"{Guid.NewGuid():N}@example.org", name, TenantRole.Viewer, null);
        Assert.True(PeopleKeys.TryParseInvitationToken(issued.Token, out _, out var invitationId, out var secret));
        var personId = "p" + Guid.NewGuid().ToString("N")[..12];
        await people.AcceptInvitationAsync(invitationId, secret, personId, name, $"{personId}@example.org");
        return personId;
    }

    private static string? PersonOf(JsonElement professional) =>
        professional.TryGetProperty("personId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    [Fact]
    public async Task TheAdminLinksAPersonToOneProfessionalUnlinksAndEachChangeIsAudited()
    {
        var world = await SharedServicesWorld.CreateAsync(app, agreed: false);
        var admin = app.WithKey(world.Consortium.Admin);
        var camille = await JoinAsync(world.Consortium.TenantId, "Camille Pro");

        var linked = await admin.PutAsJsonAsync($"{world.C}/professionals/ana/person", new { personId = camille });
        await Expect.Status(linked, HttpStatusCode.OK);
        Assert.Equal(camille, PersonOf(await linked.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(camille, PersonOf(await app.WithKey(world.Consortium.Viewer).GetJsonAsync($"{world.C}/professionals/ana")));

        // One person, one professional.
        var taken = await Expect.Problem(await admin.PutAsJsonAsync($"{world.C}/professionals/ben/person", new { personId = camille }), HttpStatusCode.Conflict);
        Assert.Contains("ana", taken.GetProperty("detail").GetString());
        Assert.Null(PersonOf(await admin.GetJsonAsync($"{world.C}/professionals/ben")));

        // Replacing the professional keeps the link; unlinking frees the person for another.
        await SharedServicesWorld.Ok(await admin.PutAsJsonAsync($"{world.C}/professionals/ana", new { name = "Ana", fields = new[] { "events" }, costRate = 46m, weeklyCapacity = 35m }));
        Assert.Equal(camille, PersonOf(await admin.GetJsonAsync($"{world.C}/professionals/ana")));
        var unlinked = await admin.DeleteAsync($"{world.C}/professionals/ana/person");
        await Expect.Status(unlinked, HttpStatusCode.OK);
        Assert.Null(PersonOf(await unlinked.Content.ReadFromJsonAsync<JsonElement>()));
        await SharedServicesWorld.Ok(await admin.PutAsJsonAsync($"{world.C}/professionals/ben/person", new { personId = camille }));

        var audit = (await admin.GetJsonAsync($"{world.C}/audit")).GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "professional.link")
            .Select(e => (e.GetProperty("target").GetString(), e.GetProperty("detail").GetString())).Reverse().ToList();
        Assert.Equal(
            [("professionals/ana", $"person {camille}"), ("professionals/ana", $"unlinked (was person {camille})"), ("professionals/ben", $"person {camille}")],
            audit);
    }

    [Fact]
    public async Task APersonOfAnotherTenantOrNobodyIsRefusedAndAnUnknownProfessionalIs404()
    {
        var world = await SharedServicesWorld.CreateAsync(app, agreed: false);
        var admin = app.WithKey(world.Consortium.Admin);
        var ofTheClient = await JoinAsync(world.Client.TenantId, "Personne du client");
        var camille = await JoinAsync(world.Consortium.TenantId, "Camille Pro");

        foreach (var json in new[]
        {
            $"{{\"personId\":\"{ofTheClient}\"}}", "{\"personId\":\"p-inconnue\"}", "{\"personId\":\"../x\"}", "{\"personId\":null}", "{}",
            "{\"personId\":5}", $"{{\"personId\":\"{camille}\",\"role\":\"admin\"}}", "{\"personId\":",
        })
            await Expect.Problem(await admin.PutJsonAsync($"{world.C}/professionals/ana/person", json), HttpStatusCode.BadRequest);

        await Expect.Problem(await admin.PutAsJsonAsync($"{world.C}/professionals/personne/person", new { personId = camille }), HttpStatusCode.NotFound);
        await Expect.Problem(await admin.DeleteAsync($"{world.C}/professionals/personne/person"), HttpStatusCode.NotFound);
        foreach (var id in Raw.InvalidPathIds)
            await Expect.ClientError(await admin.PutAsJsonAsync($"{world.C}/professionals/{id}/person", new { personId = camille }));

        Assert.All((await admin.GetJsonAsync($"{world.C}/professionals")).EnumerateArray(), p => Assert.Null(PersonOf(p)));
        Assert.DoesNotContain("professional.link", await admin.AuditActionsAsync(world.Consortium.TenantId));
    }

    [Fact]
    public async Task OnlyTheConsortiumsAdminLinksAndOtherTenantsGet404()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        var camille = await JoinAsync(world.Consortium.TenantId, "Camille Pro");
        var path = $"{world.C}/professionals/ana/person";

        foreach (var key in new[] { world.Consortium.Staff, world.Consortium.Viewer })
        {
            await Expect.Problem(await app.WithKey(key).PutAsJsonAsync(path, new { personId = camille }), HttpStatusCode.Forbidden);
            await Expect.Problem(await app.WithKey(key).DeleteAsync(path), HttpStatusCode.Forbidden);
        }
        // The client, even with an agreement in force, and a stranger: the consortium's professionals are not theirs.
        foreach (var key in new[] { world.Client.Admin, world.Third.Admin })
        {
            await Expect.Problem(await app.WithKey(key).PutAsJsonAsync(path, new { personId = camille }), HttpStatusCode.NotFound);
            await Expect.Problem(await app.WithKey(key).DeleteAsync(path), HttpStatusCode.NotFound);
        }
        await Expect.Problem(await app.Anonymous().PutAsJsonAsync(path, new { personId = camille }), HttpStatusCode.Unauthorized);
        // A federation has no professionals: the route is the consortium's only.
        await Expect.ClientError(await app.WithKey(world.Client.Admin).PutAsJsonAsync($"{world.ClientUrl}/professionals/ana/person", new { personId = camille }));

        Assert.Null(PersonOf(await app.WithKey(world.Consortium.Viewer).GetJsonAsync($"{world.C}/professionals/ana")));
    }
}
