namespace Platform.Infra.Tests;

/// <summary>No key, connection string or password in any file under infra/, nor in what it compiles to.</summary>
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
    public void The_compiled_template_holds_no_key_and_reads_none()
    {
        // The ARM JSON is what Azure runs: a key read through a resource method (account.listKeys())
        // compiles to a listKeys() call here however the Bicep spelled it.
        var findings = SecretScanner.Findings(Compiled.MainBuild.Stdout);
        Assert.True(findings.Count == 0, $"The compiled template contains {string.Join("; ", findings)}.");
    }

    [Fact]
    public void The_scan_covers_the_templates_and_the_lint_configuration()
    {
        Assert.Contains(Path.Combine("infra", "main.bicep"), Files());
        Assert.Contains(Path.Combine("infra", "main.parameters.json"), Files());
        Assert.Contains(Path.Combine("infra", "bicepconfig.json"), Files());
        Assert.Contains(Path.Combine("infra", "modules", "container-app.bicep"), Files());
    }

    [Fact]
    public void Secure_parameters_have_no_default_in_any_template()
    {
        var secure = Infra.Main.SelfAndNested()
            .SelectMany(t => t.Parameters.Select(p => (Template: t.Name, Name: p.Key, Definition: p.Value)))
            .Where(p => p.Definition.Text("type") is "securestring" or "secureObject")
            .ToList();

        Assert.NotEmpty(secure); // the operator key, in main and in the vault module
        Assert.All(secure, p => Assert.False(p.Definition.Has("defaultValue"), $"{p.Template}: secure parameter {p.Name} has a default."));
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=st1;AccountKey=abc;EndpointSuffix=core.windows.net")]
    [InlineData("value: 'AccountKey=abc'")]
    [InlineData("sharedKey: logAnalytics.listKeys().primarySharedKey")]
    [InlineData("connectionString: account.listConnectionStrings().connectionStrings[0]")]
    [InlineData("\"value\": \"[listKeys(resourceId('Microsoft.Storage/storageAccounts', parameters('name')), '2023-05-01').keys[0].value]\"")]
    [InlineData("https://st1.blob.core.windows.net/c?sv=2022-11-02&sig=AbCdEfGhIjKlMnOpQrStUvWx%3D")]
    [InlineData("key: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=='")]
    public void The_scanner_flags_known_credential_shapes(string sample)
    {
        Assert.NotEmpty(SecretScanner.Findings(sample));
    }
}
