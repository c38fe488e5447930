namespace Platform.Infra.Tests;

/// <summary>No key, connection string or password in any file under infra/.</summary>
public sealed class SecretHygieneTests
{
    private static IReadOnlyList<string> Files() =>
        Directory.GetFiles(RepoRoot.Combine("infra"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoRoot.Path, f))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static TheoryData<string> InfraFiles => [.. Files()];

    [Theory]
    [MemberData(nameof(InfraFiles))]
    public void No_file_holds_a_key_or_connection_string(string relativePath)
    {
        var findings = SecretScanner.Findings(File.ReadAllText(Path.Combine(RepoRoot.Path, relativePath)));
        Assert.True(findings.Count == 0, $"{relativePath} contains {string.Join("; ", findings)}.");
    }

    [Fact]
    public void The_scan_covers_the_templates()
    {
        Assert.Contains(Path.Combine("infra", "main.bicep"), Files());
        Assert.Contains(Path.Combine("infra", "main.parameters.json"), Files());
        Assert.Contains(Path.Combine("infra", "modules", "container-app.bicep"), Files());
    }

    [Fact]
    public void Secure_parameters_have_no_literal_default()
    {
        foreach (var file in BicepFile.All())
        {
            Assert.DoesNotMatch(@"@secure\(\)\s*(?:@[^\n]*\n\s*)*param\s+\w+\s+string\s*=\s*'", file.Code);
        }
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=st1;AccountKey=abc;EndpointSuffix=core.windows.net")]
    [InlineData("value: 'AccountKey=abc'")]
    [InlineData("sharedKey: logAnalytics.listKeys().primarySharedKey")]
    [InlineData("connectionString: account.listConnectionStrings().connectionStrings[0]")]
    [InlineData("https://st1.blob.core.windows.net/c?sv=2022-11-02&sig=AbCdEfGhIjKlMnOpQrStUvWx%3D")]
    [InlineData("key: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=='")]
    public void The_scanner_flags_known_credential_shapes(string sample)
    {
        Assert.NotEmpty(SecretScanner.Findings(sample));
    }
}
