using Platform.Host.Configuration;

namespace Platform.Infra.Tests;

/// <summary>The container app against the contract in <see cref="DeploymentSettings"/>.</summary>
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
    public void Secret_settings_come_from_a_Key_Vault_reference_never_a_value(string name)
    {
        var entry = Infra.Env[name];
        Assert.False(entry.Has("value"), $"{name} has a literal value in the template.");
        var secretName = BicepObject.Literal(entry.Get("secretRef"));

        // The secret it names must itself be a Key Vault reference read with the app's identity.
        var secrets = Infra.Declared(Infra.ContainerApp).Body.Objects("properties", "configuration", "secrets");
        var secret = Assert.Single(secrets, s => BicepObject.Literal(s.Get("name")) == secretName);
        Assert.False(secret.Has("value"), $"Secret {secretName} holds a value instead of a Key Vault reference.");
        Assert.True(secret.Has("keyVaultUrl"), $"Secret {secretName} has no keyVaultUrl.");
        Assert.True(secret.Has("identity"), $"Secret {secretName} names no identity to read Key Vault with.");
    }

    [Fact]
    public void No_app_secret_holds_a_literal_value()
    {
        var secrets = Infra.Declared(Infra.ContainerApp).Body.Objects("properties", "configuration", "secrets");
        Assert.All(secrets, s => Assert.False(s.Has("value"), $"Secret {s.Get("name")} has a value."));
    }

    [Theory]
    [InlineData("Platform__Storage__Provider", "azuretable")]
    [InlineData("Platform__Seed", "false")]
    [InlineData("ASPNETCORE_URLS", "http://+:8080")]
    public void Fixed_settings_have_the_production_values(string name, string expected)
    {
        Assert.Equal(expected, BicepObject.Literal(Infra.Env[name].Get("value")));
    }

    [Fact]
    public void The_identity_client_id_and_the_secret_identity_are_the_same_user_assigned_identity()
    {
        var app = Infra.Declared(Infra.ContainerApp).Body;
        Assert.Equal("'UserAssigned'", app.Get("identity", "type"));
        var identityId = Assert.Single(app.Object("identity", "userAssignedIdentities").Keys);

        var secretIdentities = app.Objects("properties", "configuration", "secrets").Select(s => $"${{{s.Get("identity")}}}");
        Assert.All(secretIdentities, id => Assert.Equal(identityId, id));

        var registry = Assert.Single(app.Objects("properties", "configuration", "registries"));
        Assert.Equal(identityId, $"${{{registry.Get("identity")}}}");
        Assert.False(registry.Has("passwordSecretRef"), "The registry is reached with a password; it must use the identity.");
        Assert.False(registry.Has("username"));
    }

    [Fact]
    public void Ingress_is_external_on_8080_the_port_the_host_listens_on()
    {
        var ingress = Infra.Declared(Infra.ContainerApp).Body.Object("properties", "configuration", "ingress");
        Assert.Equal("true", ingress.Get("external"));
        Assert.Equal("8080", ingress.Get("targetPort"));
        Assert.EndsWith(":8080", BicepObject.Literal(Infra.Env["ASPNETCORE_URLS"].Get("value")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Liveness", "/health/live")]
    [InlineData("Readiness", "/health/ready")]
    public void Probes_use_the_host_health_endpoints(string type, string path)
    {
        var probe = Assert.Single(Infra.PlatformContainer.Objects("probes"), p => p.Get("type") == $"'{type}'");
        var httpGet = probe.Object("httpGet");
        Assert.Equal(path, BicepObject.Literal(httpGet.Get("path")));
        Assert.Equal("8080", httpGet.Get("port"));
    }

    [Fact]
    public void At_least_one_replica_always_runs_and_an_http_rule_scales_out()
    {
        var scale = Infra.Declared(Infra.ContainerApp).Body.Object("properties", "template", "scale");
        var min = int.Parse(scale.Get("minReplicas"), System.Globalization.CultureInfo.InvariantCulture);
        var max = int.Parse(scale.Get("maxReplicas"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(min >= 1, $"minReplicas is {min}: the actor runtime would scale to zero and lose its activations.");
        Assert.True(max >= min, $"maxReplicas {max} is below minReplicas {min}.");

        var rule = Assert.Single(scale.Objects("rules"), r => r.Has("http"));
        var concurrent = BicepObject.Literal(rule.Object("http", "metadata").Get("concurrentRequests"));
        Assert.True(int.TryParse(concurrent, out var n) && n > 0, $"concurrentRequests '{concurrent}' is not a positive number.");
    }

    [Fact]
    public void Telemetry_goes_through_the_environment_agent_to_Application_Insights()
    {
        // The documented choice: the managed OpenTelemetry agent injects OTEL_EXPORTER_OTLP_ENDPOINT,
        // so the app must not set it (its value would override the agent's).
        Assert.False(Infra.Env.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));

        var environment = Infra.Declared(Infra.ManagedEnvironment);
        Assert.EndsWith("-preview", environment.ApiVersion, StringComparison.Ordinal); // the only versions with these properties
        Assert.True(environment.Body.Object("properties", "appInsightsConfiguration").Has("connectionString"));

        var otel = environment.Body.Object("properties", "openTelemetryConfiguration");
        Assert.Contains("'appInsights'", otel.Object("tracesConfiguration").Array("destinations"));
        Assert.Contains("'appInsights'", otel.Object("logsConfiguration").Array("destinations"));

        // Application Insights accepts no metrics from the agent; listing it would be rejected or ignored.
        if (otel.Has("metricsConfiguration"))
        {
            Assert.DoesNotContain("'appInsights'", otel.Object("metricsConfiguration").Array("destinations"));
        }
    }

    [Fact]
    public void The_environment_sends_logs_without_a_workspace_key()
    {
        var environment = Infra.Declared(Infra.ManagedEnvironment).Body;
        Assert.Equal("'azure-monitor'", environment.Get("properties", "appLogsConfiguration", "destination"));
        Assert.False(environment.Object("properties", "appLogsConfiguration").Has("logAnalyticsConfiguration"));
        Assert.Contains(Infra.Declaring(Infra.ManagedEnvironment).Resources,
            r => r.Type == "Microsoft.Insights/diagnosticSettings" && r.Body.Has("scope"));
    }
}
