namespace Platform.Storage.AzureTable.Tests;

public sealed class ConnectionStringTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public void DevelopmentStorageIsAzuriteWellKnownAccountOnItsDefaultTablePort()
    {
        var parsed = TableConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), parsed.TableEndpoint);
        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(Convert.FromBase64String(Key), parsed.AccountKey);
    }

    [Fact]
    public void AccountAloneBuildsTheHttpsEndpointInTheGlobalCloud()
    {
        var parsed = TableConnectionString.Parse($"AccountName=coopdata;AccountKey={Key}");

        Assert.Equal(new Uri("https://coopdata.table.core.windows.net"), parsed.TableEndpoint);
        Assert.Equal("coopdata", parsed.AccountName);
    }

    [Fact]
    public void ProtocolAndSuffixBuildTheEndpoint()
    {
        var parsed = TableConnectionString.Parse(
            $"DefaultEndpointsProtocol=https;AccountName=coopdata;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("https://coopdata.table.core.chinacloudapi.cn"), parsed.TableEndpoint);
    }

    [Fact]
    public void ExplicitTableEndpointWinsAndLosesItsTrailingSlash()
    {
        var parsed = TableConnectionString.Parse(
            $" DefaultEndpointsProtocol = http ; AccountName=devstoreaccount1;AccountKey={Key};" +
            "TableEndpoint=http://127.0.0.1:41234/devstoreaccount1/;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;");

        Assert.Equal("http://127.0.0.1:41234/devstoreaccount1", parsed.TableEndpoint.ToString());
        Assert.Equal("devstoreaccount1", parsed.AccountName);
    }

    [Fact]
    public void NamesAreCaseInsensitiveAndTheKeysTrailingEqualsSurvive()
    {
        var parsed = TableConnectionString.Parse($"accountname=coopdata;ACCOUNTKEY={Key}");

        Assert.Equal(64, parsed.AccountKey.Length);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("AccountName=coopdata", "no AccountKey")]
    [InlineData("AccountKey=" + Key, "no AccountName")]
    [InlineData("AccountName=coopdata;AccountKey=not*base64", "not valid base64")]
    [InlineData("AccountName=coopdata;AccountKey=" + Key + ";garbage", "malformed")]
    [InlineData("AccountName=a;AccountName=b;AccountKey=" + Key, "twice")]
    [InlineData("DefaultEndpointsProtocol=ftp;AccountName=coopdata;AccountKey=" + Key, "DefaultEndpointsProtocol")]
    [InlineData("AccountName=coopdata;AccountKey=" + Key + ";TableEndpoint=not a uri", "TableEndpoint")]
    [InlineData("AccountName=coopdata;AccountKey=" + Key + ";TableEndpoint=https://x.table.core.windows.net/?sv=1", "SAS")]
    [InlineData("TableEndpoint=https://x.table.core.windows.net;SharedAccessSignature=sv=2020&sig=abc", "SharedAccessSignature")]
    [InlineData("UseDevelopmentStorage=false", "UseDevelopmentStorage")]
    public void BadStringsAreRefusedWithTheReason(string connectionString, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => TableConnectionString.Parse(connectionString));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorsNeverRepeatTheAccountKey()
    {
        var error = Assert.Throws<ArgumentException>(() => TableConnectionString.Parse($"AccountKey={Key};oops"));

        Assert.DoesNotContain(Key[..20], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsNeedExactlyOneWayToReachTheService()
    {
        Assert.Throws<ArgumentException>(() => new AzureTableStorageOptions().Validate());
        Assert.Throws<ArgumentException>(() => new AzureTableStorageOptions
        {
            ConnectionString = "UseDevelopmentStorage=true",
            TableEndpoint = new Uri("https://coopdata.table.core.windows.net"),
        }.Validate());
        new AzureTableStorageOptions { ConnectionString = "UseDevelopmentStorage=true" }.Validate();
        new AzureTableStorageOptions { TableEndpoint = new Uri("https://coopdata.table.core.windows.net") }.Validate();
    }

    [Fact]
    public void BearerTokensAreNeverSentOverPlainHttp()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new AzureTableStorageOptions { TableEndpoint = new Uri("http://coopdata.table.core.windows.net") }.Validate());

        Assert.Contains("https", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(AzureTableStorageOptions.TableName))]
    [InlineData(nameof(AzureTableStorageOptions.ServiceId))]
    [InlineData(nameof(AzureTableStorageOptions.OperationTimeout))]
    [InlineData(nameof(AzureTableStorageOptions.AttemptTimeout))]
    [InlineData(nameof(AzureTableStorageOptions.MaxAttempts))]
    public void OutOfRangeSettingsAreNamed(string setting)
    {
        var options = new AzureTableStorageOptions { ConnectionString = "UseDevelopmentStorage=true" };
        switch (setting)
        {
            case nameof(options.TableName): options.TableName = "grain-state"; break;
            case nameof(options.ServiceId): options.ServiceId = "inter_coop"; break;
            case nameof(options.OperationTimeout): options.OperationTimeout = TimeSpan.FromSeconds(31); break;
            case nameof(options.AttemptTimeout): options.AttemptTimeout = TimeSpan.FromSeconds(20); break;
            case nameof(options.MaxAttempts): options.MaxAttempts = 0; break;
        }

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(setting, error.ParamName);
    }
}
