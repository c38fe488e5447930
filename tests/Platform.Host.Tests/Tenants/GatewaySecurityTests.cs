using System.Diagnostics;
using System.Net;
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
}
