using System.Net;
using System.Net.Http.Json;
using Platform.Host.Tests.Infrastructure;
using static Platform.Host.Tests.Roles.RoleApi;

namespace Platform.Host.Tests.Roles;

public sealed class RolesApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    [Fact]
    public async Task AdminWritesARoleAndAViewerReadsItBackBilingual()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("ctroc"));
        await app.WithKey(keys.Admin).PutAsync(keys.TenantId, "coordination", Coordination());

        var role = await app.WithKey(keys.Viewer).GetJsonAsync(Role(keys.TenantId, "coordination"));

        Assert.Equal("coordination", role.GetProperty("id").GetString());
        Assert.Equal("Coordination – représentation", role.GetProperty("title").GetProperty("fr").GetString());
        Assert.Equal("Coordinator – representation", role.GetProperty("title").GetProperty("en").GetString());
        Assert.Equal("deep-mastery", role.GetProperty("competencies")[0].GetProperty("level").GetString());
        Assert.Equal("hour", role.GetProperty("conditions").GetProperty("salary").GetProperty("per").GetString());
        Assert.Equal(36.55m, role.GetProperty("conditions").GetProperty("salary").GetProperty("max").GetDecimal());
        Assert.Equal("open", role.GetProperty("posting").GetProperty("status").GetString());
        Assert.Equal("2026-05-25", role.GetProperty("posting").GetProperty("startsOn").GetString());
        Assert.Equal("2026-06-19", role.GetProperty("holders")[0].GetProperty("to").GetString());
        Assert.Null(role.PairedWith());

        var list = await app.WithKey(keys.Viewer).GetJsonAsync(RoleList(keys.TenantId));
        Assert.Equal("coordination", list[0].GetProperty("id").GetString());
        Assert.Equal("open", list[0].GetProperty("postingStatus").GetString());
        Assert.Contains("role.put", await app.WithKey(keys.Admin).AuditActionsAsync(keys.TenantId));
    }

    [Fact]
    public async Task UnknownRoleIsNotFound()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        await Expect.Problem(await app.WithKey(keys.Viewer).GetAsync(Role(keys.TenantId, "nobody")), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PairingMakesBothRolesNameEachOtherAndUnpairingEitherUnpairsBoth()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("fcct"));
        var admin = app.WithKey(keys.Admin);
        await admin.PutAsync(keys.TenantId, "mouvement", Titled("Codirection – mouvement", "Co-director – movement"));
        await admin.PutAsync(keys.TenantId, "operations", Titled("Codirection – opérations", "Co-director – operations"));

        var paired = await admin.PostAsJsonAsync($"{Role(keys.TenantId, "mouvement")}/pair", new { with = "operations" });
        await Expect.Status(paired, HttpStatusCode.OK);
        Assert.Equal("operations", (await admin.GetJsonAsync(Role(keys.TenantId, "mouvement"))).PairedWith());
        Assert.Equal("mouvement", (await admin.GetJsonAsync(Role(keys.TenantId, "operations"))).PairedWith());

        var unpaired = await admin.PostAsync($"{Role(keys.TenantId, "operations")}/unpair", null);
        await Expect.Status(unpaired, HttpStatusCode.OK);
        Assert.Equal("mouvement", (await unpaired.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("formerPartner").GetString());
        Assert.Null((await admin.GetJsonAsync(Role(keys.TenantId, "mouvement"))).PairedWith());
        Assert.Null((await admin.GetJsonAsync(Role(keys.TenantId, "operations"))).PairedWith());

        var actions = await admin.AuditActionsAsync(keys.TenantId);
        Assert.Contains("role.pair", actions);
        Assert.Contains("role.unpair", actions);
    }

    [Fact]
    public async Task PairingIsRefusedWithAClearAnswer()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var admin = app.WithKey(keys.Admin);
        foreach (var id in new[] { "a", "b", "c" }) await admin.PutAsync(keys.TenantId, id, Titled(id, id));
        await Expect.Status(await admin.PostAsJsonAsync($"{Role(keys.TenantId, "a")}/pair", new { with = "b" }), HttpStatusCode.OK);

        await Expect.Problem(await admin.PostAsJsonAsync($"{Role(keys.TenantId, "c")}/pair", new { with = "nobody" }), HttpStatusCode.NotFound);
        await Expect.Problem(await admin.PostAsJsonAsync($"{Role(keys.TenantId, "nobody")}/pair", new { with = "c" }), HttpStatusCode.NotFound);
        await Expect.Problem(await admin.PostAsJsonAsync($"{Role(keys.TenantId, "c")}/pair", new { with = "c" }), HttpStatusCode.BadRequest);
        var taken = await Expect.Problem(await admin.PostAsJsonAsync($"{Role(keys.TenantId, "c")}/pair", new { with = "a" }), HttpStatusCode.Conflict);
        Assert.Contains("already paired with 'b'", taken.GetProperty("detail").GetString());
        await Expect.Problem(await admin.PostAsync($"{Role(keys.TenantId, "nobody")}/unpair", null), HttpStatusCode.NotFound);
        // The same pair again is harmless.
        await Expect.Status(await admin.PostAsJsonAsync($"{Role(keys.TenantId, "b")}/pair", new { with = "a" }), HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("{\"with\":5}")]
    [InlineData("{\"with\":\"../x\"}")]
    [InlineData("{\"with\":\"B\"}")]
    [InlineData("{}")]
    [InlineData("{\"with\":\"b\",\"force\":true}")]
    [InlineData("{\"with\":")]
    [InlineData("")]
    public async Task BadPairBodiesAreRefusedAndNothingIsPaired(string body)
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var admin = app.WithKey(keys.Admin);
        await admin.PutAsync(keys.TenantId, "a", Titled("a", "a"));
        await admin.PutAsync(keys.TenantId, "b", Titled("b", "b"));

        await Expect.Problem(await admin.PostJsonAsync($"{Role(keys.TenantId, "a")}/pair", body), HttpStatusCode.BadRequest);

        Assert.Null((await admin.GetJsonAsync(Role(keys.TenantId, "a"))).PairedWith());
        Assert.Null((await admin.GetJsonAsync(Role(keys.TenantId, "b"))).PairedWith());
    }

    [Fact]
    public async Task PairedWithIsReadOnlyInTheDocument()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var admin = app.WithKey(keys.Admin);
        await admin.PutAsync(keys.TenantId, "a", Titled("a", "a"));
        await admin.PutAsync(keys.TenantId, "b", Titled("b", "b"));

        var refused = await admin.PutAsJsonAsync(Role(keys.TenantId, "a"), new { title = new { fr = "a", en = "a" }, pairedWith = "b" });
        var problem = await Expect.Problem(refused, HttpStatusCode.BadRequest);
        Assert.Contains("/pair", problem.GetProperty("detail").GetString());
        Assert.Null((await admin.GetJsonAsync(Role(keys.TenantId, "b"))).PairedWith());

        // A document read back and written again, naming the current partner, is accepted.
        await Expect.Status(await admin.PostAsJsonAsync($"{Role(keys.TenantId, "a")}/pair", new { with = "b" }), HttpStatusCode.OK);
        await admin.PutAsync(keys.TenantId, "a", new { title = new { fr = "A", en = "A" }, pairedWith = "b" });
        Assert.Equal("b", (await admin.GetJsonAsync(Role(keys.TenantId, "a"))).PairedWith());
    }

    [Fact]
    public async Task SuccessorIsAddedWithAHandoverAndTheHistoryKept()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var admin = app.WithKey(keys.Admin);
        await admin.PutAsync(keys.TenantId, "coordination", new
        {
            title = new { fr = "Coordination", en = "Coordinator" },
            holders = new[] { new { name = "Claude Bergeron", from = "2019-09-03" } },
        });

        var added = await admin.PostAsJsonAsync($"{Role(keys.TenantId, "coordination")}/holders",
            new { name = "Dominique Roy", from = "2026-05-25", outgoingUntil = "2026-06-19" });
        await Expect.Status(added, HttpStatusCode.OK);

        var holders = (await admin.GetJsonAsync(Role(keys.TenantId, "coordination"))).GetProperty("holders");
        Assert.Equal(2, holders.GetArrayLength());
        Assert.Equal("2026-06-19", holders[0].GetProperty("to").GetString());
        Assert.Equal("2026-05-25", holders[1].GetProperty("from").GetString());
        Assert.Contains("role.holder.add", await admin.AuditActionsAsync(keys.TenantId));

        // Replacing the document without holders keeps them.
        await admin.PutAsync(keys.TenantId, "coordination", Titled("Coordination", "Coordinator"));
        Assert.Equal(2, (await admin.GetJsonAsync(Role(keys.TenantId, "coordination"))).GetProperty("holders").GetArrayLength());
    }

    [Theory]
    [InlineData("{\"name\":\"Dominique Roy\",\"from\":\"2026-02-30\",\"outgoingUntil\":\"2026-06-19\"}")]
    [InlineData("{\"from\":\"2026-05-25\",\"outgoingUntil\":\"2026-06-19\"}")]
    [InlineData("{\"name\":\"Dominique Roy\",\"from\":\"2026-05-25\"}")]
    [InlineData("{\"name\":\"Dominique Roy\",\"from\":\"2018-01-01\",\"outgoingUntil\":\"2026-06-19\"}")]
    [InlineData("{\"name\":\"Dominique Roy\",\"from\":20260525}")]
    [InlineData("{\"name\":\"Dominique Roy\",\"from\":\"2026-05-25\",\"role\":\"admin\"}")]
    public async Task BadHoldersAreRefusedAndTheHistoryIsUnchanged(string body)
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var admin = app.WithKey(keys.Admin);
        await admin.PutAsync(keys.TenantId, "coordination", new
        {
            title = new { fr = "Coordination", en = "Coordinator" },
            holders = new[] { new { name = "Claude Bergeron", from = "2019-09-03" } },
        });

        await Expect.Problem(await admin.PostJsonAsync($"{Role(keys.TenantId, "coordination")}/holders", body), HttpStatusCode.BadRequest);

        var holders = (await admin.GetJsonAsync(Role(keys.TenantId, "coordination"))).GetProperty("holders");
        Assert.Equal(1, holders.GetArrayLength());
        Assert.False(holders[0].TryGetProperty("to", out _));
    }

    [Fact]
    public async Task LastHoldersTermIsEndedAuditedAndBadEndsChangeNothing()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var admin = app.WithKey(keys.Admin);
        await admin.PutAsync(keys.TenantId, "coordination", new
        {
            title = new { fr = "Coordination", en = "Coordinator" },
            holders = new[] { new { name = "Claude Bergeron", from = "2019-09-03" } },
        });
        var end = $"{Role(keys.TenantId, "coordination")}/holders/end";

        foreach (var bad in new[] { "{\"to\":\"2019-09-02\"}", "{}", "{\"to\":\"2026-02-30\"}", "{\"to\":\"2026-06-30\",\"name\":\"Intrus\"}" })
            await Expect.Problem(await admin.PostJsonAsync(end, bad), HttpStatusCode.BadRequest);
        Assert.False((await admin.GetJsonAsync(Role(keys.TenantId, "coordination"))).GetProperty("holders")[0].TryGetProperty("to", out _));

        await Expect.Status(await admin.PostAsJsonAsync(end, new { to = "2026-06-30" }), HttpStatusCode.OK);
        Assert.Equal("2026-06-30", (await admin.GetJsonAsync(Role(keys.TenantId, "coordination"))).GetProperty("holders")[0].GetProperty("to").GetString());
        Assert.Contains("role.holder.end", await admin.AuditActionsAsync(keys.TenantId));

        // A successor who starts before Claude leaves (a handover): its term may not end before Claude's.
        await Expect.Status(await admin.PostAsJsonAsync($"{Role(keys.TenantId, "coordination")}/holders", new { name = "Dominique Roy", from = "2026-06-15" }), HttpStatusCode.OK);
        await Expect.Problem(await admin.PostAsJsonAsync(end, new { to = "2026-06-20" }), HttpStatusCode.BadRequest);
        Assert.False((await admin.GetJsonAsync(Role(keys.TenantId, "coordination"))).GetProperty("holders")[1].TryGetProperty("to", out _));

        // A role nobody holds has no term to end; an unknown role is not found.
        await admin.PutAsync(keys.TenantId, "vacant", Titled("Vacant", "Vacant"));
        await Expect.Problem(await admin.PostAsJsonAsync($"{Role(keys.TenantId, "vacant")}/holders/end", new { to = "2026-06-30" }), HttpStatusCode.Conflict);
        await Expect.Problem(await admin.PostAsJsonAsync($"{Role(keys.TenantId, "nobody")}/holders/end", new { to = "2026-06-30" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnotherTenantsKeySeesNoRoleAndChangesNothing()
    {
        var a = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("a"));
        var b = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("b"));
        await app.WithKey(b.Admin).PutAsync(b.TenantId, "x", Coordination());
        await app.WithKey(b.Admin).PutAsync(b.TenantId, "y", Titled("y", "y"));

        foreach (var key in new[] { a.Admin, a.Staff, a.Viewer })
        {
            var client = app.WithKey(key);
            await Expect.Problem(await client.GetAsync(RoleList(b.TenantId)), HttpStatusCode.NotFound);
            await Expect.Problem(await client.GetAsync(Role(b.TenantId, "x")), HttpStatusCode.NotFound);
            await Expect.Problem(await client.PutAsJsonAsync(Role(b.TenantId, "x"), Titled("pris", "taken")), HttpStatusCode.NotFound);
            await Expect.Problem(await client.PostAsJsonAsync($"{Role(b.TenantId, "x")}/pair", new { with = "y" }), HttpStatusCode.NotFound);
            await Expect.Problem(await client.PostAsync($"{Role(b.TenantId, "x")}/unpair", null), HttpStatusCode.NotFound);
            await Expect.Problem(await client.PostAsJsonAsync($"{Role(b.TenantId, "x")}/holders", new { name = "Intrus", from = "2026-07-01", outgoingUntil = "2026-07-01" }), HttpStatusCode.NotFound);
            await Expect.Problem(await client.PostAsJsonAsync($"{Role(b.TenantId, "x")}/holders/end", new { to = "2026-07-01" }), HttpStatusCode.NotFound);
        }

        var x = await app.WithKey(b.Viewer).GetJsonAsync(Role(b.TenantId, "x"));
        Assert.Equal("Coordinator – representation", x.GetProperty("title").GetProperty("en").GetString());
        Assert.Null(x.PairedWith());
        Assert.Equal(1, x.GetProperty("holders").GetArrayLength());
        // Tenant a has no roles at all, and its own key only ever sees its own.
        Assert.Equal(0, (await app.WithKey(a.Viewer).GetJsonAsync(RoleList(a.TenantId))).GetArrayLength());
    }

    [Fact]
    public async Task OnlyAnAdminWritesRolesAndAnonymousCallersAreRefused()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        await app.WithKey(keys.Admin).PutAsync(keys.TenantId, "x", Titled("x", "x"));
        await app.WithKey(keys.Admin).PutAsync(keys.TenantId, "y", Titled("y", "y"));

        foreach (var key in new[] { keys.Staff, keys.Viewer })
        {
            var client = app.WithKey(key);
            await Expect.Problem(await client.PutAsJsonAsync(Role(keys.TenantId, "x"), Titled("changé", "changed")), HttpStatusCode.Forbidden);
            await Expect.Problem(await client.PutAsJsonAsync(Role(keys.TenantId, "z"), Titled("nouveau", "new")), HttpStatusCode.Forbidden);
            await Expect.Problem(await client.PostAsJsonAsync($"{Role(keys.TenantId, "x")}/pair", new { with = "y" }), HttpStatusCode.Forbidden);
            await Expect.Problem(await client.PostAsync($"{Role(keys.TenantId, "x")}/unpair", null), HttpStatusCode.Forbidden);
            await Expect.Problem(await client.PostAsJsonAsync($"{Role(keys.TenantId, "x")}/holders", new { name = "N", from = "2026-07-01" }), HttpStatusCode.Forbidden);
            await Expect.Problem(await client.PostAsJsonAsync($"{Role(keys.TenantId, "x")}/holders/end", new { to = "2026-07-01" }), HttpStatusCode.Forbidden);
        }
        await Expect.Problem(await app.Anonymous().GetAsync(RoleList(keys.TenantId)), HttpStatusCode.Unauthorized);
        await Expect.Problem(await app.Anonymous().PutAsJsonAsync(Role(keys.TenantId, "x"), Titled("a", "a")), HttpStatusCode.Unauthorized);

        var x = await app.WithKey(keys.Viewer).GetJsonAsync(Role(keys.TenantId, "x"));
        Assert.Equal("x", x.GetProperty("title").GetProperty("en").GetString());
        Assert.Null(x.PairedWith());
        Assert.Equal(2, (await app.WithKey(keys.Viewer).GetJsonAsync(RoleList(keys.TenantId))).GetArrayLength());
    }

    public static TheoryData<string> BadDocuments() => new()
    {
        "{\"title\":{\"fr\":\"a\",\"en\":\"b\"}",                                              // malformed JSON
        "not json",
        "",
        "[]",
        "{\"title\":5}",                                                                         // wrong type
        "{\"title\":\"Coordination\"}",
        "{}",                                                                                    // missing title
        "{\"title\":{\"fr\":\"a\"}}",                                                            // missing a language
        "{\"title\":{\"fr\":\"a\",\"en\":null}}",
        "{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"competencies\":[{\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"level\":\"expert\"}]}", // unknown enum
        "{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"competencies\":[{\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"level\":0}]}",
        "{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"competencies\":[{\"name\":{\"fr\":\"a\",\"en\":\"b\"}}]}",
        "{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"conditions\":{\"salary\":{\"min\":30,\"max\":36,\"per\":\"month\"}}}",
        "{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"conditions\":{\"salary\":{\"min\":40,\"max\":36,\"per\":\"hour\"}}}",
        "{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"conditions\":{\"salary\":{\"min\":\"thirty\",\"max\":36,\"per\":\"hour\"}}}",
        "{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"conditions\":{\"salary\":{\"min\":true,\"max\":36,\"per\":\"hour\"}}}",
        "{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"conditions\":{\"salary\":{\"min\":45000,\"max\":60000,\"per\":\"year\"}}}",
        "{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"conditions\":{\"hoursPerWeek\":0}}",
        "{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"conditions\":{\"hoursPerWeek\":-32}}",
        "{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"posting\":{\"status\":\"published\"}}",
        "{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"posting\":{\"status\":\"open\",\"applyBy\":\"2025-02-30\"}}",  // impossible date
        "{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"posting\":{\"status\":\"open\",\"applyBy\":\"2026-05-01\",\"startsOn\":\"2026-04-01\"}}",
        "{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"holders\":[{\"name\":\"A\",\"from\":\"2020-01-01\"},{\"name\":\"B\",\"from\":\"2025-01-01\"}]}",
        "{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"reportsTo\":\"../board\"}",
        "{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"id\":\"other\"}",                              // unknown property (no mass assignment)
        "{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"updatedAt\":\"2026-01-01T00:00:00Z\"}",
        "{\"title\":{\"fr\":\"" + new string('é', 10_000) + "\",\"en\":\"b\"}}",              // 10,000 characters
    };

    [Theory]
    [MemberData(nameof(BadDocuments))]
    public async Task BadDocumentsAreRefusedAndNothingIsStored(string body)
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var admin = app.WithKey(keys.Admin);

        await Expect.Problem(await admin.PutJsonAsync(Role(keys.TenantId, "coordination"), body), HttpStatusCode.BadRequest);

        await Expect.Problem(await admin.GetAsync(Role(keys.TenantId, "coordination")), HttpStatusCode.NotFound);
        Assert.Equal(0, (await admin.GetJsonAsync(RoleList(keys.TenantId))).GetArrayLength());
        Assert.DoesNotContain("role.put", await admin.AuditActionsAsync(keys.TenantId));
    }

    [Fact]
    public async Task BadReplacementKeepsTheStoredDocument()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var admin = app.WithKey(keys.Admin);
        await admin.PutAsync(keys.TenantId, "coordination", Coordination());

        await Expect.Problem(await admin.PutJsonAsync(Role(keys.TenantId, "coordination"),
            "{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"conditions\":{\"salary\":{\"min\":40,\"max\":36,\"per\":\"hour\"}}}"), HttpStatusCode.BadRequest);

        var role = await admin.GetJsonAsync(Role(keys.TenantId, "coordination"));
        Assert.Equal(30.67m, role.GetProperty("conditions").GetProperty("salary").GetProperty("min").GetDecimal());
    }

    [Fact]
    public async Task EveryProblemOfADocumentIsNamed()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var problem = await Expect.Problem(await app.WithKey(keys.Admin).PutJsonAsync(Role(keys.TenantId, "r"),
            "{\"conditions\":{\"hoursPerWeek\":0,\"salary\":{\"min\":40,\"max\":36,\"per\":\"hour\"}}}"), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _));
        Assert.True(errors.TryGetProperty("conditions.hoursPerWeek", out _));
        Assert.True(errors.TryGetProperty("conditions.salary", out _));
    }

    [Fact]
    public async Task InvalidIdsInThePathAreRefusedAndNothingIsStored()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var admin = app.WithKey(keys.Admin);
        foreach (var id in Raw.InvalidPathIds)
        {
            await Expect.ClientError(await admin.PutAsJsonAsync(Role(keys.TenantId, id), Titled("a", "a")));
            // The client resolves dot segments before sending: "roles/.." reads the tenant itself.
            if (id is not (".." or "%2E%2E")) await Expect.ClientError(await admin.GetAsync(Role(keys.TenantId, id)));
            await Expect.ClientError(await admin.PostAsJsonAsync($"{Role(keys.TenantId, id)}/pair", new { with = "a" }));
            await Expect.ClientError(await admin.PostAsync($"{Role(keys.TenantId, id)}/unpair", null));
            await Expect.ClientError(await admin.PostAsJsonAsync($"{Role(keys.TenantId, id)}/holders", new { name = "N", from = "2026-07-01" }));
        }
        Assert.Equal(0, (await admin.GetJsonAsync(RoleList(keys.TenantId))).GetArrayLength());
    }

    [Fact]
    public async Task OversizedDocumentIs413AndNothingIsStored()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var admin = app.WithKey(keys.Admin);
        await Expect.Problem(await admin.PutJsonAsync(Role(keys.TenantId, "r"), Raw.OversizedJson()), HttpStatusCode.RequestEntityTooLarge);
        await Expect.Problem(await admin.GetAsync(Role(keys.TenantId, "r")), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnicodeTextIsKeptAsWritten()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var admin = app.WithKey(keys.Admin);
        await admin.PutAsync(keys.TenantId, "r", Titled("Coordonnatrice·eur — Gaspésie–Îles 🌊", "Coordinator — ᐃᓄᒃᑎᑐᑦ"));
        var role = await admin.GetJsonAsync(Role(keys.TenantId, "r"));
        Assert.Equal("Coordonnatrice·eur — Gaspésie–Îles 🌊", role.GetProperty("title").GetProperty("fr").GetString());
        Assert.Equal("Coordinator — ᐃᓄᒃᑎᑐᑦ", role.GetProperty("title").GetProperty("en").GetString());
    }
}
