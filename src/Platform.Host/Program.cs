using Platform.Host.Api;
using Platform.Host.Hosting;
using Platform.Host.Security;
using Platform.Host.Seeding;
using Platform.Host.Telemetry;

// Intercoop: an Orleans silo co-hosting the gateway. Configuration keys: see README and API.md.
var builder = WebApplication.CreateBuilder(args);

builder.AddPlatformSilo();                                      // an Orleans silo: cluster, grain store, tenant boundary filter
builder.Services.AddPlatformSecurity();                         // caller per request, operator key, audit writer
builder.Services.AddPlatformGateway(builder.Configuration);     // JSON, problem+json, rate limits, OpenAPI, health
builder.Services.AddPlatformTelemetry(builder.Configuration);   // OpenTelemetry traces and metrics
builder.Services.AddPlatformSeeding();                          // demo world on an empty store
builder.AddPlatformWebApp();                                    // Razor components, people's sign-in cookie, fr-CA / en-CA

var app = builder.Build();

app.UsePlatformGateway();
app.MapHealthApi();
app.MapDashboardApi();
// Every API route, under one root group: each text of a request is checked by one rule (TextRuleFilter),
// a query parameter the route does not take is refused (KnownQueryFilter), and a text in French alone
// stands only for a tenant that writes without English (BilingualFallbackFilter).
var api = app.MapGroup("").RequireCleanText().RequireKnownQuery().RequireBothLanguagesUnlessFrenchOnly();
api.MapTenantsApi();
api.MapAuditApi();
api.MapTenantDataApi();
api.MapMembersApi();
api.MapActivitiesApi();
api.MapStatisticsApi();
api.MapNetworksApi();
api.MapRolesApi();
api.MapPostingsApi();
api.MapPayScaleApi();
api.MapGovernanceApi();
api.MapConsortiumApi();
api.MapAgreementsApi();
api.MapServiceRequestsApi();
api.MapStatementsApi();
api.MapPeopleApi();
api.MapContactsApi();
api.MapNetworkReportsApi();
api.MapTenantLanguagesApi();
api.MapConsortiumWebExports();
app.UsePlatformWebApp();

app.Run();

/// <summary>Visible to the test project's WebApplicationFactory.</summary>
public partial class Program;
