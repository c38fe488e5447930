using Platform.Grains.Statistics;

namespace Platform.Grains.Tests.Federations;

/// <summary>Registry tokens are the cluster's: every silo derives them from the one stored disclosure key.</summary>
public sealed class RegistryTokenTests
{
    [Fact]
    public void TwoSilosWithTheClustersKeyGiveAnOrganisationTheSameToken()
    {
        var clusterKey = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        Assert.Equal(new RegistryTokens(clusterKey).Of("1170001234"), new RegistryTokens([.. clusterKey]).Of("1170001234"));
        Assert.NotEqual(new RegistryTokens(clusterKey).Of("1170001234"), new RegistryTokens(clusterKey).Of("1170001235"));
    }

    [Fact]
    public void AnotherClustersKeyGivesOtherTokens()
    {
        var key = new byte[32];
        var other = Enumerable.Repeat((byte)7, 32).ToArray();

        Assert.NotEqual(new RegistryTokens(key).Of("1170001234"), new RegistryTokens(other).Of("1170001234"));
    }
}
