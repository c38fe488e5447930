using System.Text.Json;
using Platform.Abstractions;

namespace Platform.Abstractions.Tests;

public sealed class IdsTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("reseau-coop")]
    [InlineData("troc-bas-saint-laurent")]
    [InlineData("0-9")]
    public void ValidSlugsAreAccepted(string id) => Assert.True(Ids.IsValid(id));

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("-dash-first")]
    [InlineData("Upper")]
    [InlineData("café")]
    [InlineData("a b")]
    [InlineData("a_b")]
    [InlineData("a\u0000")]
    [InlineData(null)]
    public void AnythingElseIsRefused(string? id) => Assert.False(Ids.IsValid(id));

    [Fact]
    public void LengthIsLimitedTo63Characters()
    {
        Assert.True(Ids.IsValid(new string('a', 63)));
        Assert.False(Ids.IsValid(new string('a', 64)));
        Assert.False(Ids.IsValid(new string('a', 10_000)));
    }

    [Fact]
    public void RequireNamesTheFieldInTheError()
    {
        var error = Assert.Throws<ValidationFailedException>(() => Ids.Require("../x", "memberId"));
        Assert.Contains("memberId", error.Errors.Keys);
    }

    [Fact]
    public void NewIdsAreValidAndDistinct()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => Ids.New("m")).ToHashSet();
        Assert.Equal(1000, ids.Count);
        Assert.All(ids, id => Assert.True(Ids.IsValid(id)));
    }
}

public sealed class LocalizedTextTests
{
    [Fact]
    public void BothLanguagesAreRequired()
    {
        Assert.Throws<ValidationFailedException>(() => LocalizedText.Require(null, "title"));
        Assert.Throws<ValidationFailedException>(() => LocalizedText.Require(new LocalizedText("Titre", " "), "title"));
        Assert.Throws<ValidationFailedException>(() => LocalizedText.Require(new LocalizedText(new string('x', 201), "ok"), "title", 200));
        Assert.Equal("Titre", LocalizedText.Require(new LocalizedText("Titre", "Title"), "title").Fr);
    }

    [Fact]
    public void EnglishIsChosenOnlyForEnglishCultures()
    {
        var text = new LocalizedText("Coopérative", "Co-op");
        Assert.Equal("Co-op", text.In("en-CA"));
        Assert.Equal("Coopérative", text.In("fr-CA"));
        Assert.Equal("Coopérative", text.In("es"));
    }
}

public sealed class PlatformJsonTests
{
    private sealed record Sample(TenantRole Role, LocalizedText Name, string? Note = null);

    private static readonly JsonSerializerOptions s_options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        PlatformJson.Configure(options);
        return options;
    }

    [Fact]
    public void EnumsAreKebabCaseStrings()
    {
        var json = JsonSerializer.Serialize(new Sample(TenantRole.Admin, new LocalizedText("é", "e")), s_options);
        Assert.Equal("{\"role\":\"admin\",\"name\":{\"fr\":\"é\",\"en\":\"e\"}}", json);
    }

    [Theory]
    [InlineData("{\"role\":\"superuser\",\"name\":{\"fr\":\"a\",\"en\":\"b\"}}")]
    [InlineData("{\"role\":3,\"name\":{\"fr\":\"a\",\"en\":\"b\"}}")]
    [InlineData("{\"role\":\"admin\",\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"isOperator\":true}")]
    [InlineData("{\"role\":\"admin\"}")]
    [InlineData("{\"role\":\"admin\",\"name\":null}")]
    public void UnknownEnumsUnknownFieldsAndMissingValuesAreRefused(string json) =>
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Sample>(json, s_options));
}

public sealed class ApiKeyFormatTests
{
    [Fact]
    public void ComposedKeysParseBack()
    {
        var key = ApiKeyFormat.Compose("reseau-coop", "k0123", "s3cr3t-_x");
        Assert.True(ApiKeyFormat.TryParse(key, out var tenant, out var keyId, out var secret));
        Assert.Equal(("reseau-coop", "k0123", "s3cr3t-_x"), (tenant, keyId, secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ick_")]
    [InlineData("ick_tenant.k1")]
    [InlineData("ick_Bad.k1.secret")]
    [InlineData("xyz_tenant.k1.secret")]
    [InlineData("ick_tenant.k1.secret.extra")]
    public void MalformedKeysDoNotParse(string? presented) =>
        Assert.False(ApiKeyFormat.TryParse(presented, out _, out _, out _));
}

public sealed class GrainKeyTests
{
    [Theory]
    [InlineData(GrainKeys.Directory)]
    [InlineData(IAffiliationRegistryGrain.Key)]
    [InlineData(Platform.Abstractions.Roles.RoleKeys.PostingBoard)]
    public void PlatformWideKeysCanNeverBeATenantsPartition(string key)
    {
        Assert.False(Ids.IsValid(key));
        Assert.False(Ids.IsValid(Platform.Abstractions.Storage.TenantKeys.TenantOf(key)));
    }

    [Fact]
    public void NumbersWrittenAsStringsAreRefused()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        PlatformJson.Configure(options);
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Amount>("{\"value\":\"30\"}", options));
        Assert.Equal(30m, JsonSerializer.Deserialize<Amount>("{\"value\":30}", options)!.Value);
    }

    private sealed record Amount(decimal Value);
}
