using Platform.Abstractions;
using Platform.Testing;

namespace Platform.Grains.Tests.Tenants;

/// <summary>Issue 12 §5: a consortium's or an organisation's languages live on its account; a federation's in its profile only.</summary>
public sealed class TenantLanguagesTests
{
    [Fact]
    public async Task AConsortiumsLanguagesAreKeptOnItsAccount()
    {
        await using var runtime = await PlatformTestCluster.StartAsync();
        var tenant = runtime.Grains.GetGrain<ITenantGrain>("csp");
        await tenant.CreateAsync(TenantKind.Consortium, new LocalizedText("Consortium", "Consortium"), null);
        Assert.Null((await tenant.GetProfileAsync())!.Languages);

        var saved = await tenant.SetLanguagesAsync(["fr", "fr"]);

        Assert.Equal(["fr"], saved.Languages);
        Assert.Equal(["fr"], (await tenant.GetProfileAsync())!.Languages);
        Assert.True(TenantLanguages.AllowsEnglishFallback(saved.Languages));
    }

    [Fact]
    public async Task AFederationsLanguagesAreNotSetOnItsAccount()
    {
        await using var runtime = await PlatformTestCluster.StartAsync();
        var tenant = runtime.Grains.GetGrain<ITenantGrain>("fed");
        await tenant.CreateAsync(TenantKind.Federation, new LocalizedText("Féd", "Fed"), null);
        await Assert.ThrowsAsync<ConflictException>(() => tenant.SetLanguagesAsync(["fr"]));
        Assert.Null((await tenant.GetProfileAsync())!.Languages);
    }

    [Theory]
    [InlineData("")]
    [InlineData("FR")]
    [InlineData("fr-CA")]
    [InlineData("es")]
    [InlineData("fr,en,es,iu,de,it")]
    public async Task BadLanguagesAreRefusedAndNothingChanges(string list)
    {
        string[] languages = list.Length == 0 ? [] : list.Split(',');
        await using var runtime = await PlatformTestCluster.StartAsync();
        var tenant = runtime.Grains.GetGrain<ITenantGrain>("org");
        await tenant.CreateAsync(TenantKind.Organization, new LocalizedText("Org", "Org"), null);
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => tenant.SetLanguagesAsync(languages));
        Assert.Equal(["languages"], refused.Errors.Keys);
        Assert.Null((await tenant.GetProfileAsync())!.Languages);
    }

    [Theory]
    [InlineData("fr", true)]
    [InlineData("fr,iu", true)]
    [InlineData("fr,en", false)]
    [InlineData("en", false)]
    public void EnglishFallsBackOnlyWhereEnglishIsNotALanguage(string languages, bool allowed) =>
        Assert.Equal(allowed, TenantLanguages.AllowsEnglishFallback(languages.Split(',')));
}
