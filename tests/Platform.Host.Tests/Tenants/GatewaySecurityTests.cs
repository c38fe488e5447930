using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Abstractions;
using Platform.Host.Security;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Tenants;

/// <summary>A gateway with a tiny rate limit, to see one tenant throttled while another is not.</summary>
public sealed class ThrottledPlatformApp : PlatformApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Platform:RateLimit:PermitsPerSecond", "1"),
        new("Platform:RateLimit:Burst", "5"),
    ];
}

public sealed class RateLimitTests(ThrottledPlatformApp app) : IClassFixture<ThrottledPlatformApp>
{
    [Fact]
    public async Task FloodingTenantIsThrottledWhileAnotherTenantIsServed()
    {
        var noisy = await app.CreateTenantAsync(PlatformApp.NewTenantId("noisy"));
        var quiet = await app.CreateTenantAsync(PlatformApp.NewTenantId("quiet"));
        var noisyId = noisy.Split('.')[0]["ick_".Length..];
        var quietId = quiet.Split('.')[0]["ick_".Length..];

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++) answers.Add(await app.WithKey(noisy).GetAsync($"/api/v1/tenants/{noisyId}"));

        var throttled = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(throttled);
        await Expect.Problem(throttled[0], HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(throttled[0].Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);

        await Expect.Status(await app.WithKey(quiet).GetAsync($"/api/v1/tenants/{quietId}"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task HealthProbesAreNeverThrottled()
    {
        for (var i = 0; i < 20; i++)
        {
            await Expect.Status(await app.Anonymous().GetAsync("/health/live"), HttpStatusCode.OK);
            await Expect.Status(await app.Anonymous().GetAsync("/health/ready"), HttpStatusCode.OK);
        }
    }
}

public sealed class GatewaySecurityTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    [Fact]
    public async Task GrainCallFilterRefusesAGatewayCallIntoAnotherTenant()
    {
        var a = PlatformApp.NewTenantId("a");
        var b = PlatformApp.NewTenantId("b");
        await app.CreateTenantAsync(a);
        await app.CreateTenantAsync(b);
        var grains = app.Services.GetRequiredService<IGrainFactory>();

        // As if an endpoint forgot its check: a request of tenant a calls tenant b's grain.
        RequestContext.Set(CallerContext.Key, new CallerContext(CallerKind.TenantKey, a, null));
        try
        {
            await Assert.ThrowsAsync<NotFoundException>(() => grains.GetGrain<ITenantGrain>(b).GetProfileAsync());
            Assert.NotNull(await grains.GetGrain<ITenantGrain>(a).GetProfileAsync());
            // Platform-wide grains stay reachable.
            Assert.True(await grains.GetGrain<ITenantDirectoryGrain>(GrainKeys.Directory).ExistsAsync(b));

            RequestContext.Set(CallerContext.Key, new CallerContext(CallerKind.Anonymous, null, null));
            await Assert.ThrowsAsync<NotFoundException>(() => grains.GetGrain<ITenantGrain>(a).GetProfileAsync());
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    [Fact]
    public async Task EachRequestHasAnHttpSpanTaggedWithTheTenant()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) spans.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);
        var tenant = PlatformApp.NewTenantId("span");
        var key = await app.CreateTenantAsync(tenant);

        await Expect.Status(await app.WithKey(key).GetAsync($"/api/v1/tenants/{tenant}"), HttpStatusCode.OK);

        lock (spans) Assert.Contains(spans, s => (string?)s.GetTagItem(Platform.Host.Telemetry.TelemetrySetup.TenantTag) == tenant);
    }

    [Fact]
    public async Task OneRequestIsOneTraceFromHttpThroughGrainCallsToStorage()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Microsoft.AspNetCore" || s.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) spans.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);
        var tenant = PlatformApp.NewTenantId("trace");
        var key = await app.CreateTenantAsync(tenant);

        var added = await app.WithKey(key).PostAsJsonAsync($"/api/v1/tenants/{tenant}/members",
            new { id = "coop-1", name = "Coop", type = "worker", region = "06", joinedOn = "2024-01-10" });
        await Expect.Status(added, HttpStatusCode.Created);

        List<Activity> trace;
        lock (spans)
        {
            // The member POST is the only request tagged with this tenant (the tenant was created by the operator).
            var http = spans.Single(s => s.Source.Name == "Microsoft.AspNetCore"
                                         && (string?)s.GetTagItem(Platform.Host.Telemetry.TelemetrySetup.TenantTag) == tenant);
            trace = spans.Where(s => s.TraceId == http.TraceId).ToList();
        }
        // The federation grain call, the cooperative grain call it makes, and the storage calls all belong to the request's trace.
        Assert.Contains(trace, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("FederationGrain", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("CooperativeGrain", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("Storage", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task DashboardIsForTheOperatorOnly()
    {
        var tenantKey = await app.CreateTenantAsync(PlatformApp.NewTenantId("dash"));

        var anonymous = await app.Anonymous().GetAsync("/dashboard/");
        await Expect.Problem(anonymous, HttpStatusCode.Unauthorized);
        Assert.StartsWith("Basic", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await Expect.Problem(await app.WithKey(tenantKey).GetAsync("/dashboard/"), HttpStatusCode.Unauthorized);

        await Expect.Status(await app.Operator().GetAsync("/dashboard/"), HttpStatusCode.OK);
        var browser = app.Anonymous();
        browser.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"operator:{PlatformApp.OperatorKey}")));
        var page = await browser.GetAsync("/dashboard/");
        await Expect.Status(page, HttpStatusCode.OK);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
