using System.Globalization;
using Platform.Host.Configuration;

namespace Platform.Infra.Tests;

/// <summary>The compiled container app against the contract in <see cref="DeploymentSettings"/>.</summary>
public sealed class ContainerAppTests
{
    public static TheoryData<string> RequiredSettings => [.. DeploymentSettings.RequiredInAzure];

    public static TheoryData<string> SecretSettings => [.. DeploymentSettings.FromSecrets];

    [Theory]
    [MemberData(nameof(RequiredSettings))]
    public void Every_setting_the_host_needs_is_set_as_an_env_var(string name)
    {
        var env = Infra.Env;
        Assert.True(env.ContainsKey(name), $"The container app does not set {name}; it sets: {string.Join(", ", env.Keys)}.");
        var entry = env[name];
        Assert.True(entry.Has("value") ^ entry.Has("secretRef"), $"{name} must have exactly one of value or secretRef.");
    }

    [Theory]
    [MemberData(nameof(SecretSettings))]
    public void Secret_settings_come_from_a_versionless_Key_Vault_reference_never_a_value(string name)
    {
        var entry = Infra.Env[name];
        Assert.False(entry.Has("value"), $"{name} has a literal value in the template.");
        var secretName = entry.Text("secretRef");

        // The secret it names is a Key Vault reference read with the app's identity...
        var secrets = Infra.App.Json.Items("properties", "configuration", "secrets");
        var secret = Assert.Single(secrets, s => s.Text("name") == secretName);
        Assert.False(secret.Has("value"), $"Secret {secretName} holds a value instead of a Key Vault reference.");
        Assert.Equal(ArmExpression.Parameter("identityId"), secret.Text("identity"));

        // ...whose URL main.bicep takes from the vault module, which reads it off the secret it
        // creates: secretUri has no version, so the app follows a rotated key.
        var urlParameter = secret.Text("keyVaultUrl");
        var passed = Assert.Single(Infra.ModuleDeclaring(Infra.ContainerApp).ParametersPassed,
            p => ArmExpression.Parameter(p.Key) == urlParameter).Value.Text("value");
        var (module, output) = ArmExpression.ModuleOutput(passed);
        var vault = Infra.ModuleDeclaring(Infra.KeyVault);
        Assert.Equal(vault.Name, module);
        var secretResource = Assert.Single(vault.Template.Resources, r => r.Type == Infra.KeyVaultSecret);
        Assert.Equal(
            $"[reference(resourceId('{Infra.KeyVaultSecret}', parameters('name'), parameters('operatorKeySecretName')), '{secretResource.ApiVersion}').secretUri]",
            vault.Template.Outputs[output].Text("value"));
    }

    [Fact]
    public void No_app_secret_holds_a_literal_value()
    {
        var secrets = Infra.App.Json.Items("properties", "configuration", "secrets");
        Assert.All(secrets, s => Assert.False(s.Has("value"), $"Secret {s.Text("name")} has a value."));
    }

    [Theory]
    [InlineData("Platform__Storage__Provider", "azuretable")]
    [InlineData("Platform__Seed", "false")]
    [InlineData("ASPNETCORE_URLS", "http://+:8080")]
    public void Fixed_settings_have_the_production_values(string name, string expected)
    {
        Assert.Equal(expected, Infra.EnvValue(name));
    }

    [Fact]
    public void The_app_runs_as_one_user_assigned_identity_for_secrets_registry_and_storage()
    {
        var app = Infra.App.Json;
        Assert.Equal("UserAssigned", app.Text("identity", "type"));
        var identityKey = Assert.Single(app.At("identity", "userAssignedIdentities").Properties().Keys);
        Assert.Equal("[format('{0}', parameters('identityId'))]", identityKey);

        Assert.All(app.Items("properties", "configuration", "secrets"),
            s => Assert.Equal(ArmExpression.Parameter("identityId"), s.Text("identity")));

        var registry = Assert.Single(app.Items("properties", "configuration", "registries"));
        Assert.Equal(ArmExpression.Parameter("identityId"), registry.Text("identity"));
        Assert.False(registry.Has("passwordSecretRef"), "The registry is reached with a password; it must use the identity.");
        Assert.False(registry.Has("username"));

        // DefaultAzureCredential in the host picks the identity by this client id.
        Assert.Equal(ArmExpression.Parameter("identityClientId"), Infra.EnvValue("AZURE_CLIENT_ID"));

        // Both come from the same identity module: its resource id and its client id.
        var identity = Infra.ModuleDeclaring(Infra.ManagedIdentity);
        Assert.Equal((identity.Name, "id"), ArmExpression.ModuleOutput(Infra.AppArgument("identityId")));
        Assert.Equal((identity.Name, "clientId"), ArmExpression.ModuleOutput(Infra.AppArgument("identityClientId")));
        Assert.Equal(Infra.Declared(Infra.ManagedIdentity).IdExpression, identity.Template.Outputs["id"].Text("value"));
    }

    [Fact]
    public void Ingress_is_external_https_on_8080_the_port_the_host_listens_on()
    {
        var ingress = Infra.App.At("properties", "configuration", "ingress");
        Assert.True(ingress.At("external").GetBoolean());
        Assert.False(ingress.At("allowInsecure").GetBoolean());
        Assert.Equal(8080, ingress.At("targetPort").GetInt32());
        Assert.EndsWith(":8080", Infra.EnvValue("ASPNETCORE_URLS"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Liveness", "/health/live")]
    [InlineData("Readiness", "/health/ready")]
    [InlineData("Startup", "/health/ready")]
    public void Probes_use_the_host_health_endpoints(string type, string path)
    {
        var probe = Assert.Single(Infra.PlatformContainer.Items("probes"), p => p.Text("type") == type);
        Assert.Equal(path, probe.Text("httpGet", "path"));
        Assert.Equal(8080, probe.At("httpGet", "port").GetInt32());
    }

    [Fact]
    public void One_to_five_replicas_run_and_an_http_rule_scales_out()
    {
        var scale = Infra.App.At("properties", "template", "scale");
        // Never zero: the cluster would lose every activation and the first request would wait for a cold start.
        Assert.Equal(1, scale.At("minReplicas").GetInt32());
        Assert.Equal(5, scale.At("maxReplicas").GetInt32());

        var rule = Assert.Single(scale.Items("rules"), r => r.Has("http"));
        var concurrent = rule.Text("http", "metadata", "concurrentRequests");
        Assert.True(int.TryParse(concurrent, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0,
            $"concurrentRequests '{concurrent}' is not a positive number.");
    }

    [Fact]
    public void Telemetry_goes_through_the_environment_agent_to_Application_Insights()
    {
        // The documented choice: the managed OpenTelemetry agent injects OTEL_EXPORTER_OTLP_ENDPOINT,
        // so the app must not set it (its value would override the agent's).
        Assert.False(Infra.Env.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));

        var environment = Infra.Declared(Infra.ManagedEnvironment);
        Assert.EndsWith("-preview", environment.ApiVersion, StringComparison.Ordinal); // the only versions with these properties
        Assert.True(environment.At("properties", "appInsightsConfiguration").Has("connectionString"));

        var otel = environment.At("properties", "openTelemetryConfiguration");
        Assert.Contains("appInsights", otel.Items("tracesConfiguration", "destinations").Select(d => d.GetString()));
        Assert.Contains("appInsights", otel.Items("logsConfiguration", "destinations").Select(d => d.GetString()));

        // Application Insights accepts no metrics from the agent; listing it would be rejected or ignored.
        if (otel.Has("metricsConfiguration"))
        {
            Assert.DoesNotContain("appInsights", otel.Items("metricsConfiguration", "destinations").Select(d => d.GetString()));
        }
    }

    [Fact]
    public void The_environment_sends_logs_without_a_workspace_key()
    {
        var environment = Infra.Declared(Infra.ManagedEnvironment);
        var logs = environment.At("properties", "appLogsConfiguration");
        Assert.Equal("azure-monitor", logs.Text("destination"));
        Assert.False(logs.Has("logAnalyticsConfiguration"));

        var diagnostics = Assert.Single(environment.Template.Resources, r => r.Type == "Microsoft.Insights/diagnosticSettings");
        Assert.Equal(environment.IdExpression, diagnostics.Json.Text("scope"));
    }
}
