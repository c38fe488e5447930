using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Platform.Host.Security;

namespace Platform.Host.Telemetry;

/// <summary>
/// OpenTelemetry through its hosting package: one trace from the HTTP request (ASP.NET Core
/// instrumentation) through every grain call (Orleans's <c>Microsoft.Orleans.*</c> sources, with
/// activity propagation on the silo) to storage, plus Orleans's meter and ours, all tagged with
/// the tenant. Exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// </summary>
public static class TelemetrySetup
{
    public const string GatewayName = "Platform.Gateway";
    public const string TenantTag = "tenant.id";

    /// <summary>Every source of one request's trace: Orleans's grain calls and storage, the gateway's own, the file store's.</summary>
    public static readonly string[] TraceSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Microsoft.Orleans.Storage", GatewayName, "Platform.Storage.File"];
    private static readonly Meter s_gatewayMeter = new(GatewayName);
    private static readonly Counter<long> s_requests = s_gatewayMeter.CreateCounter<long>("platform.gateway.requests", "{request}", "Requests per tenant and status");

    public static IServiceCollection AddPlatformTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "intercoop-platform"))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddMeter("Microsoft.Orleans", GatewayName, "Microsoft.AspNetCore.RateLimiting");
                if (otlp) metrics.AddOtlpExporter();
            });
        // Spans only when they go somewhere: recording a span for every grain call with no exporter
        // would cost each request for nothing. (Any other listener, e.g. a test's, still gets them.)
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource(TraceSources)
                .AddOtlpExporter());
        }
        return services;
    }

    /// <summary>Tags the request's span with the tenant once the caller is known, and counts the request.</summary>
    public static IApplicationBuilder UseTenantTagging(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // Runs after the caller is resolved; tagged before the endpoint so a failing request keeps its tenant.
            var caller = context.RequestServices.GetRequiredService<CurrentCaller>();
            var tenant = caller.TenantId ?? (caller.IsOperator ? "operator" : "anonymous");
            Activity.Current?.SetTag(TenantTag, tenant);
            await next(context);
            s_requests.Add(1, new KeyValuePair<string, object?>(TenantTag, tenant),
                new KeyValuePair<string, object?>("http.response.status_code", context.Response.StatusCode));
        });
}
