using Platform.Host.Api;
using Platform.Host.Hosting;
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
app.MapTenantsApi();
app.MapAuditApi();
app.MapTenantDataApi();
app.MapMembersApi();
app.MapActivitiesApi();
app.MapStatisticsApi();
app.MapNetworksApi();
app.MapRolesApi();
app.MapPostingsApi();
app.MapPayScaleApi();
app.MapGovernanceApi();
app.MapConsortiumApi();
app.MapAgreementsApi();
app.MapServiceRequestsApi();
app.MapStatementsApi();
app.MapPeopleApi();
app.UsePlatformWebApp();

app.Run();

/// <summary>Visible to the test project's WebApplicationFactory.</summary>
public partial class Program;
