using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Platform.Abstractions.Storage;
using Xunit.Abstractions;

namespace Platform.Storage.AzureTable.Tests;

/// <summary>The settings, the client they make, and what the registration puts in the container.</summary>
public sealed class RegistrationTests
{
    private sealed class SiloBuilder : ISiloBuilder
    {
        public IServiceCollection Services { get; } = new ServiceCollection();
        public IConfiguration Configuration { get; } = new ConfigurationBuilder().Build();
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("UseDevelopmentStorage=true", "https://account.table.core.windows.net")]
    public void ExactlyOneOfConnectionStringAndEndpointIsRequired(string? connectionString, string? endpoint)
    {
        var settings = new PlatformTableStorageSettings { ConnectionString = connectionString, TableEndpoint = endpoint is null ? null : new Uri(endpoint) };

        var refused = Assert.Throws<ArgumentException>(() => new SiloBuilder().AddPlatformAzureTableStorage("tables", settings));

        Assert.Contains("exactly one", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnusableSettingsAreRefusedAtRegistration()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TableServiceClients.Create(new() { ConnectionString = "UseDevelopmentStorage=true", NetworkTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => TableServiceClients.Create(new() { ConnectionString = "UseDevelopmentStorage=true", MaxRetries = -1 }));
        Assert.Throws<ArgumentException>(() => TableServiceClients.Create(new() { TableEndpoint = new Uri("/relative", UriKind.Relative) }));
        Assert.Throws<ArgumentException>(() => TableServiceClients.Create(new() { ConnectionString = "UseDevelopmentStorage=true", TableName = " " }));
    }

    [Fact]
    public void DevelopmentStorageIsAzuriteOnItsWellKnownPort()
    {
        var client = TableServiceClients.Create(new() { ConnectionString = "UseDevelopmentStorage=true" });

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), client.Uri);
        Assert.Equal("devstoreaccount1", client.AccountName);
    }

    [Fact]
    public void AnEndpointAloneSignsInWithAManagedIdentityAndMakesNoRequestUntilUsed()
    {
        var client = TableServiceClients.Create(new() { TableEndpoint = new Uri("https://intercoop.table.core.windows.net"), ManagedIdentityClientId = "00000000-0000-0000-0000-000000000001" });

        Assert.Equal("intercoop", client.AccountName);
    }

    [Fact]
    public void NamedRegistrationIsKeyedAndTheDefaultOneIsAlsoTheUnnamedTenantStore()
    {
        var named = new SiloBuilder();
        named.AddPlatformAzureTableStorage("tables", new() { ConnectionString = "UseDevelopmentStorage=true" });
        var byDefault = new SiloBuilder();
        byDefault.AddPlatformAzureTableStorageAsDefault(new() { ConnectionString = "UseDevelopmentStorage=true" });

        Assert.Contains(named.Services, d => d.IsKeyedService && Equals(d.ServiceKey, "tables") && d.ServiceType == typeof(ITenantStateStore));
        Assert.Contains(named.Services, d => d.IsKeyedService && Equals(d.ServiceKey, "tables") && d.ServiceType == typeof(IGrainStorage));
        Assert.DoesNotContain(named.Services, d => !d.IsKeyedService && d.ServiceType == typeof(ITenantStateStore));
        Assert.Contains(byDefault.Services, d => !d.IsKeyedService && d.ServiceType == typeof(ITenantStateStore));
        Assert.Contains(byDefault.Services, d => !d.IsKeyedService && d.ServiceType == typeof(IGrainStorage));
    }
}

/// <summary>The storage serializer check at silo start.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SerializerCheckTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task OrleansDefaultSerializerWithAssemblyQualifiedTypeNamesIsRefusedAtSiloStart()
    {
        // No System.Text.Json serializer registered: Orleans's default is Newtonsoft.Json with TypeNameHandling.All.
        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            AzuriteCluster.StartAsync(azurite.ConnectionString, Names.NewTable("refused"), Names.NewServiceId(), silos: 1, registerJsonSerializer: false));

        output.WriteLine(refused.ToString());
        var message = Flatten(refused);
        Assert.Contains("$type", message, StringComparison.Ordinal);
        Assert.Contains("JsonGrainStorageSerializer", message, StringComparison.Ordinal);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + "\n" + Flatten(e.InnerException);
}
