using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Platform.Host.Security;
using Platform.Runtime;

namespace Platform.Host.Telemetry;

/// <summary>
/// OpenTelemetry without the hosting package (not in our registry): tracer and meter providers built
/// with <c>Sdk.Create…Builder</c>, owned by DI, exporting OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// HTTP spans come from ASP.NET Core's own "Microsoft.AspNetCore" source; <see cref="UseTenantTagging"/>
/// adds <c>tenant.id</c> and counts requests per tenant.
/// </summary>
public static class TelemetrySetup
{
    public const string GatewayName = "Platform.Gateway";
    private static readonly Meter s_gatewayMeter = new(GatewayName);
    private static readonly Counter<long> s_requests = s_gatewayMeter.CreateCounter<long>("platform.gateway.requests", "{request}", "Requests per tenant and status");

    public static IServiceCollection AddPlatformTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var resource = ResourceBuilder.CreateDefault().AddService(configuration["OTEL_SERVICE_NAME"] ?? "intercoop-platform");

        services.AddSingleton(_ =>
        {
            var builder = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(resource)
                .AddSource("Microsoft.AspNetCore", RuntimeTelemetry.Name, GatewayName);
            if (!string.IsNullOrEmpty(otlp)) builder.AddOtlpExporter();
            return builder.Build();
        });
        services.AddSingleton(_ =>
        {
            var builder = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(resource)
                .AddMeter(RuntimeTelemetry.Name, GatewayName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting");
            if (!string.IsNullOrEmpty(otlp)) builder.AddOtlpExporter();
            return builder.Build();
        });
        // Resolve both at start so they listen from the first request.
        services.AddHostedService<TelemetryStarter>();
        return services;
    }

    /// <summary>Tags the request's span with the tenant once the caller is known, and counts the request.</summary>
    public static IApplicationBuilder UseTenantTagging(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // Runs after the caller is resolved; tagged before the endpoint so a failing request keeps its tenant.
            var caller = context.RequestServices.GetRequiredService<CurrentCaller>();
            var tenant = caller.TenantId ?? (caller.IsOperator ? "operator" : "anonymous");
            Activity.Current?.SetTag(RuntimeTelemetry.TenantTag, tenant);
            await next(context);
            s_requests.Add(1, new KeyValuePair<string, object?>(RuntimeTelemetry.TenantTag, tenant),
                new KeyValuePair<string, object?>("http.response.status_code", context.Response.StatusCode));
        });

    private sealed class TelemetryStarter(TracerProvider tracer, MeterProvider meter) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            tracer.ForceFlush(2_000);
            meter.ForceFlush(2_000);
            return Task.CompletedTask;
        }
    }
}
