using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Platform.Abstractions;
using Platform.Host.Api;
using Platform.Host.Audit;
using Platform.Host.Configuration;
using Platform.Host.Errors;
using Platform.Host.Security;
using Platform.Host.Telemetry;

namespace Platform.Host.Hosting;

/// <summary>The gateway's services and middleware, in the order a request meets them.</summary>
public static class GatewaySetup
{
    public static IServiceCollection AddPlatformSecurity(this IServiceCollection services)
    {
        services.AddSingleton<OperatorCredential>();
        services.AddPlatformAuthentication();
        services.AddScoped<CurrentCaller>();
        services.AddScoped<AuditWriter>();
        services.AddScoped<Tenancy.TenantDeparture>();
        services.AddSingleton<Tenancy.TenantActivations>();
        // Delegated-access resolvers (rule 5) are found like seed steps, so an area adds one without editing Program.cs.
        foreach (var resolver in typeof(GatewaySetup).Assembly.GetTypes()
                     .Where(t => typeof(IDelegatedAccessResolver).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false }))
            services.AddScoped(typeof(IDelegatedAccessResolver), resolver);
        return services;
    }

    public static IServiceCollection AddPlatformGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.ConfigureHttpJsonOptions(options => PlatformJson.Configure(options.SerializerOptions));
        // Binding failures throw, so the exception handler answers them as problem+json with the reason.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // Every problem answer, whoever wrote it: no .NET type named, then French for a caller who asks for it.
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            ProblemScrubber.Scrub(context);
            ProblemTranslation.Apply(context);
        });
        services.AddExceptionHandler<PlatformExceptionHandler>();
        services.AddPlatformOpenApi();
        services.AddPlatformHealthChecks();


        services.AddSingleton<ClusterRateLimiter>();
        var limits = configuration.GetSection($"{PlatformOptions.Section}:RateLimit").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(options =>
        {
            // A tenant's budget is the cluster's (leased from its grain); anonymous callers and
            // the operator are limited per silo, so they never spend a tenant's budget.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Items[CallerResolutionMiddleware.RateLimitTenantKey] is string tenantId
                    ? RateLimitPartition.Get($"tenant:{tenantId}", _ => context.RequestServices.GetRequiredService<ClusterRateLimiter>().For(tenantId))
                    : RateLimitPartition.GetTokenBucketLimiter(
                        context.Items[CallerResolutionMiddleware.RateLimitPartitionKey] as string ?? "anonymous",
                        _ => new TokenBucketRateLimiterOptions
                        {
                            TokenLimit = limits.Burst,
                            TokensPerPeriod = limits.PermitsPerSecond,
                            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                            QueueLimit = 0,
                            AutoReplenishment = true,
                        }));
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem("Too many requests for this tenant; slow down and retry after the delay in Retry-After.",
                        statusCode: StatusCodes.Status429TooManyRequests, title: "Rate limit reached.")
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    public static WebApplication UsePlatformGateway(this WebApplication app)
    {
        app.UseExceptionHandler();
        // An error without a body: problem+json for the API and the operator's endpoints; for a page of the web
        // app, the error page in the person's language, the original status kept.
        app.UseWhen(context => !WebAppSetup.IsWebPage(context.Request.Path), api => api.UseStatusCodePages());
        app.UseWhen(context => WebAppSetup.IsWebPage(context.Request.Path), web => web.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseRouting();
        // Who calls, before anything reads the body or the query: the credential's scheme, then the
        // caller for endpoints and grains, the tenant's rate budget, and the route's policies.
        app.UseAuthentication();
        app.UseMiddleware<CallerResolutionMiddleware>();
        app.UseTenantTagging();
        app.UseRateLimiter();
        app.UseAuthorization();
        // A policy may have changed the caller (a delegation it granted); what a handler sets in the
        // request context stays in its own async flow, so it is published again for the endpoint.
        app.Use((context, next) =>
        {
            CallerResolutionMiddleware.PublishToRequestContext(context.RequestServices.GetRequiredService<CurrentCaller>());
            return next(context);
        });
        // A POST with an Idempotency-Key answered before is answered again, not run again.
        app.UseMiddleware<IdempotencyMiddleware>();
        app.MapOpenApi().DisableRateLimiting();
        return app;
    }
}
