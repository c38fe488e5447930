using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Abstractions;
using Platform.Host.Security;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Consortium;

/// <summary>
/// Rule 5 at the resolver the tenant filter asks: which agreements grant a consortium key reads of a
/// client, and when. Its own app: these tests move the clock.
/// </summary>
public sealed class DelegatedAccessResolverTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private IDelegatedAccessResolver Resolver()
    {
        var resolvers = app.Services.CreateScope().ServiceProvider.GetServices<IDelegatedAccessResolver>().ToList();
        return Assert.Single(resolvers.OfType<AgreementDelegatedAccessResolver>());
    }

    private static CurrentCaller KeyOf(string tenantId, TenantKind kind = TenantKind.Consortium, TenantRole role = TenantRole.Staff)
    {
        var caller = new CurrentCaller();
        caller.SetTenantKey(tenantId, "k-test", role, kind);
        return caller;
    }

    /// <summary>Resolves as the gateway does: with the caller in the request context, which must be intact afterwards.</summary>
    private async Task<DelegatedAccess?> ResolveAsync(CurrentCaller caller, string target, string scope = DelegatedScopes.Members)
    {
        var context = new CallerContext(caller.Kind, caller.TenantId, null);
        RequestContext.Set(CallerContext.Key, context);
        try
        {
            var access = await Resolver().ResolveAsync(caller, target, scope, CancellationToken.None);
            Assert.Same(context, RequestContext.Get(CallerContext.Key));
            return access;
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    [Fact]
    public async Task AReadAgreementInForceGrantsMembersAndStatisticsNamingTheAgreement()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        var consortium = KeyOf(world.Consortium.TenantId);

        var access = await ResolveAsync(consortium, world.Client.TenantId);
        Assert.Equal($"agreement {world.Consortium.TenantId}/{SharedServicesWorld.AgreementId}", access?.Via);
        Assert.NotNull(await ResolveAsync(consortium, world.Client.TenantId, DelegatedScopes.Statistics));
        Assert.Null(await ResolveAsync(consortium, world.Client.TenantId, "roles"));
        Assert.Null(await ResolveAsync(consortium, world.Third.TenantId));
        Assert.Null(await ResolveAsync(KeyOf(world.Third.TenantId, TenantKind.Federation), world.Client.TenantId));
        Assert.Null(await ResolveAsync(KeyOf(world.Client.TenantId, TenantKind.Federation), world.Consortium.TenantId));
    }

    [Fact]
    public async Task NoAccessScopeAPendingOfferOrAnAgreementNotYetStartedGrantNothing()
    {
        var world = await SharedServicesWorld.CreateAsync(app, agreed: false);
        var consortium = KeyOf(world.Consortium.TenantId);

        await world.OfferAsync("pending", "read");
        Assert.Null(await ResolveAsync(consortium, world.Client.TenantId));

        await world.OfferAsync("none", "none");
        await Accept(world, "none");
        Assert.Null(await ResolveAsync(consortium, world.Client.TenantId));

        await world.OfferAsync("later", "read", startsOn: world.Today.AddDays(3), endsOn: world.Today.AddDays(30));
        await Accept(world, "later");
        Assert.Null(await ResolveAsync(consortium, world.Client.TenantId));
    }

    [Fact]
    public async Task ReadsStopWhenTheAgreementIsEndedOrItsLastDayIsOver()
    {
        var world = await SharedServicesWorld.CreateAsync(app, agreed: false);
        var consortium = KeyOf(world.Consortium.TenantId);
        var lastDay = world.Today.AddDays(2);
        await world.OfferAsync("short", "read", startsOn: world.Today, endsOn: lastDay);
        await Accept(world, "short");
        await world.OfferAsync("ended", "read", clientId: world.Third.TenantId);
        await Expect.Status(await app.WithKey(world.Third.Admin).PostAsync($"{world.ThirdUrl}/agreements/ended/accept", null), HttpStatusCode.OK);

        Assert.NotNull(await ResolveAsync(consortium, world.Third.TenantId));
        await Expect.Status(await app.WithKey(world.Third.Admin).PostAsync($"{world.ThirdUrl}/agreements/ended/end", null), HttpStatusCode.OK);
        Assert.Null(await ResolveAsync(consortium, world.Third.TenantId));

        Assert.NotNull(await ResolveAsync(consortium, world.Client.TenantId));
        app.Clock.SetUtcNow(new DateTimeOffset(lastDay.ToDateTime(new TimeOnly(23, 59)), TimeSpan.Zero));
        Assert.NotNull(await ResolveAsync(consortium, world.Client.TenantId));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await ResolveAsync(consortium, world.Client.TenantId));

        // Expired: requests are refused too, and the agreement shows as no longer in force.
        var request = await app.WithKey(world.Client.Staff).PostAsJsonAsync($"{world.ClientUrl}/service-requests",
            new { consortiumId = world.Consortium.TenantId, field = "events", title = new { fr = "AG", en = "AG" }, needBy = world.Today.AddDays(7), urgency = "urgent" });
        await Expect.Problem(request, HttpStatusCode.Conflict);
        var seen = await app.WithKey(world.Client.Viewer).GetFromJsonAsync<System.Text.Json.JsonElement>($"{world.ClientUrl}/agreements/short");
        Assert.Equal(("accepted", false), (seen.GetProperty("status").GetString(), seen.GetProperty("inForce").GetBoolean()));
    }

    private async Task Accept(SharedServicesWorld world, string id) =>
        await Expect.Status(await app.WithKey(world.Client.Admin).PostAsync($"{world.ClientUrl}/agreements/{id}/accept", null), HttpStatusCode.OK);
}
