using System.Globalization;

namespace Platform.Infra.Tests;

/// <summary>
/// The container app's replicas form one Orleans cluster: they share a cluster id, find each other
/// through the membership table in the grain-state storage account, and talk on an internal port.
/// </summary>
public sealed class ClusterTests
{
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";

    private static int Port(string setting) =>
        int.Parse(Infra.EnvValue(setting), NumberStyles.None, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("Platform__Cluster__Provider", "azuretable")]
    [InlineData("Platform__Cluster__SiloPort", "11111")]
    [InlineData("Platform__Cluster__GatewayPort", "30000")]
    public void Cluster_settings_have_the_production_values(string name, string expected)
    {
        Assert.Equal(expected, Infra.EnvValue(name));
    }

    [Fact]
    public void The_cluster_id_is_fixed_per_environment_so_every_replica_and_revision_joins_the_same_cluster()
    {
        // During a rollout the new revision's replicas start beside the old ones; with the same
        // cluster id they join the running cluster instead of forming a second one in which the
        // same grains could be activated twice.
        Assert.Equal(ArmExpression.Parameter("clusterId"), Infra.EnvValue("Platform__Cluster__ClusterId"));
        Assert.Equal(ArmExpression.Parameter("environmentName"), Infra.AppArgument("clusterId"));
    }

    [Fact]
    public void The_advertised_address_is_left_to_each_replica()
    {
        // One value for all replicas would make every silo claim the same address; the host
        // advertises the replica's own IP when the setting is absent.
        Assert.False(Infra.Env.ContainsKey("Platform__Cluster__AdvertisedAddress"),
            "Platform__Cluster__AdvertisedAddress is set in the template; each replica must advertise its own IP.");
    }

    [Fact]
    public void The_silo_port_is_an_internal_port_of_the_app_and_the_gateway_port_is_not_exposed()
    {
        var ingress = Infra.App.At("properties", "configuration", "ingress");
        var mapping = Assert.Single(ingress.Items("additionalPortMappings"));

        Assert.False(mapping.At("external").GetBoolean(), "The silo port must not be reachable from outside the environment.");
        Assert.Equal(Port("Platform__Cluster__SiloPort"), mapping.At("targetPort").GetInt32());
        if (mapping.Has("exposedPort"))
        {
            Assert.Equal(mapping.At("targetPort").GetInt32(), mapping.At("exposedPort").GetInt32());
        }

        // Only the HTTP ingress is public, and it is not one of the Orleans ports.
        var orleansPorts = new[] { Port("Platform__Cluster__SiloPort"), Port("Platform__Cluster__GatewayPort") };
        Assert.DoesNotContain(ingress.At("targetPort").GetInt32(), orleansPorts);
    }

    [Fact]
    public void Membership_lives_in_the_grain_state_account_which_the_app_identity_may_write_as_a_whole()
    {
        // The clustering provider uses the account behind Platform__Storage__TableEndpoint...
        var storage = Infra.ModuleDeclaring(Infra.StorageAccount);
        Assert.Equal(ArmExpression.Parameter("tableEndpoint"), Infra.EnvValue("Platform__Storage__TableEndpoint"));
        Assert.Equal((storage.Name, "tableEndpoint"), ArmExpression.ModuleOutput(Infra.AppArgument("tableEndpoint")));
        Assert.Equal("[format('https://{0}.table.{1}', parameters('name'), environment().suffixes.storage)]",
            storage.Template.Outputs["tableEndpoint"].Text("value"));

        // ...and creates its membership table there itself. The role is on the account, not on
        // the grainstate table, so it covers that table too.
        var account = Infra.Declared(Infra.StorageAccount);
        var roleVariable = Assert.Single(storage.Template.Variables, v => v.Value.GetString() == StorageTableDataContributor).Key;
        var assignment = Assert.Single(storage.Template.Resources, r => r.Type == Infra.RoleAssignment
            && r.Json.Text("properties", "roleDefinitionId").Contains(ArmExpression.Inner(ArmExpression.Variable(roleVariable)), StringComparison.Ordinal));
        Assert.Equal(account.IdExpression, assignment.Json.Text("scope"));

        // The principal given that role is the identity whose client id the app runs with.
        var identity = Infra.ModuleDeclaring(Infra.ManagedIdentity);
        var principalParameter = assignment.Json.Text("properties", "principalId");
        var passed = Assert.Single(storage.ParametersPassed, p => ArmExpression.Parameter(p.Key) == principalParameter).Value.Text("value");
        Assert.Equal((identity.Name, "principalId"), ArmExpression.ModuleOutput(passed));
        Assert.Equal((identity.Name, "clientId"), ArmExpression.ModuleOutput(Infra.AppArgument("identityClientId")));
    }

    [Fact]
    public void A_starting_silo_has_time_to_join_before_liveness_counts()
    {
        var startup = Assert.Single(Infra.PlatformContainer.Items("probes"), p => p.Text("type") == "Startup");
        var budget = TimeSpan.FromSeconds(
            startup.At("initialDelaySeconds").GetInt32()
            + (startup.At("periodSeconds").GetInt32() * startup.At("failureThreshold").GetInt32()));
        Assert.True(budget >= TimeSpan.FromMinutes(1), $"A silo gets only {budget} to join the cluster before it is restarted.");
    }

    [Fact]
    public void A_stopping_silo_has_longer_than_the_platform_default_to_leave_the_cluster()
    {
        // Container Apps kills the container 30 s after SIGTERM unless told otherwise; a silo that
        // leaves gracefully updates the membership table, so the others need not detect it as dead.
        var grace = Infra.App.At("properties", "template", "terminationGracePeriodSeconds").GetInt32();
        Assert.True(grace > 30, $"terminationGracePeriodSeconds is {grace}.");
    }
}
