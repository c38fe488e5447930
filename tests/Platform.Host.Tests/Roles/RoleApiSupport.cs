using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Roles;

/// <summary>Role documents and reads shared by the role and governance HTTP tests.</summary>
internal static class RoleApi
{
    public static string RoleList(string tenantId) => $"/api/v1/tenants/{tenantId}/roles";

    public static string Role(string tenantId, string roleId) => $"/api/v1/tenants/{tenantId}/roles/{roleId}";

    /// <summary>A full role document, as a client writes it (CTROC-like: hourly range, 32 h).</summary>
    public static object Coordination(string? applyBy = "2026-04-01", string status = "open") => new
    {
        title = new { fr = "Coordination – représentation", en = "Coordinator – representation" },
        reportsTo = "board",
        purpose = new { fr = "Porter la voix du réseau.", en = "Carry the network's voice." },
        objectives = new[] { new { fr = "Être entendu.", en = "Be heard." } },
        responsibilities = new[] { new { area = new { fr = "Représentation", en = "Representation" }, items = new[] { new { fr = "Siéger.", en = "Sit on committees." } } } },
        sharedResponsibilities = new[] { new { fr = "Décider ensemble.", en = "Decide together." } },
        competencies = new[]
        {
            new { name = new { fr = "Analyse politique", en = "Policy analysis" }, level = "deep-mastery" },
            new { name = new { fr = "Rédaction", en = "Writing" }, level = "essential" },
        },
        conditions = new { hoursPerWeek = 32, salary = new { min = 30.67m, max = 36.55m, per = "hour" }, probationMonths = 6 },
        posting = new { status, applyBy, interviewsFrom = "2026-03-20", startsOn = "2026-05-25", howToApply = new { fr = "Écrire.", en = "Write." } },
        holders = new[] { new { name = "Claude Bergeron", from = "2019-09-03", to = "2026-06-19" } },
    };

    public static object Titled(string fr, string en) => new { title = new { fr, en } };

    public static async Task PutAsync(this HttpClient client, string tenantId, string roleId, object document) =>
        await Expect.Status(await client.PutAsJsonAsync(Role(tenantId, roleId), document), HttpStatusCode.OK);

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        await Expect.Status(response, HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    /// <summary>The audit actions recorded for a tenant this month, oldest first.</summary>
    public static async Task<List<string>> AuditActionsAsync(this HttpClient admin, string tenantId)
    {
        var audit = await admin.GetJsonAsync($"/api/v1/tenants/{tenantId}/audit");
        return audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()!).Reverse().ToList();
    }

    public static string? PairedWith(this JsonElement role) =>
        role.TryGetProperty("pairedWith", out var partner) ? partner.GetString() : null;
}
