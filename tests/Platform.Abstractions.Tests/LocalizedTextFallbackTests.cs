using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Platform.Abstractions.Tests;

/// <summary>
/// A text given in French alone keeps its fallback mark wherever it travels: between silos
/// (Orleans), through the API's JSON and through the stores' JSON (issue 12 §5).
/// </summary>
public sealed class LocalizedTextFallbackTests
{
    private static readonly Serializer s_orleans = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static JsonSerializerOptions Api()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        PlatformJson.Configure(options);
        return options;
    }

    [Fact]
    public void AFallbackCrossesSilosWithItsMark()
    {
        var copy = s_orleans.Deserialize<LocalizedText>(s_orleans.SerializeToArray(LocalizedText.FrenchOnly("Atelier")))!;
        Assert.Equal(LocalizedText.FrenchOnly("Atelier"), copy);
        Assert.True(copy.EnFallback);
        Assert.False(s_orleans.Deserialize<LocalizedText>(s_orleans.SerializeToArray(new LocalizedText("Atelier", "Workshop")))!.EnFallback);
    }

    [Fact]
    public void TheWireShapeMarksOnlyAFallback()
    {
        Assert.Equal("{\"fr\":\"Atelier\",\"en\":\"Atelier\",\"enFallback\":true}", JsonSerializer.Serialize(LocalizedText.FrenchOnly("Atelier"), Api()));
        Assert.Equal("{\"fr\":\"Atelier\",\"en\":\"Workshop\"}", JsonSerializer.Serialize(new LocalizedText("Atelier", "Workshop"), Api()));
    }

    [Theory]
    [InlineData("{\"fr\":\"Atelier\"}", true, "Atelier")]
    [InlineData("{\"fr\":\"Atelier\",\"en\":\"Atelier\",\"enFallback\":true}", true, "Atelier")]
    [InlineData("{\"fr\":\"Atelier\",\"en\":\"Workshop\",\"enFallback\":true}", false, "Workshop")]
    [InlineData("{\"fr\":\"Atelier\",\"en\":\"Atelier\"}", false, "Atelier")]
    [InlineData("{\"Fr\":\"Atelier\",\"EN\":\"Workshop\"}", false, "Workshop")]
    public void ReadingDecidesTheFallbackFromWhatWasGiven(string json, bool fallback, string english)
    {
        var text = JsonSerializer.Deserialize<LocalizedText>(json, Api())!;
        Assert.Equal("Atelier", text.Fr);
        Assert.Equal(english, text.En);
        Assert.Equal(fallback, text.EnFallback);
    }

    [Fact]
    public void TheStoresJsonKeepsTheMarkAndReadsOlderTexts()
    {
        var store = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var stored = JsonSerializer.Serialize(new[] { LocalizedText.FrenchOnly("Table"), new LocalizedText("Table", "Board") }, store);
        var read = JsonSerializer.Deserialize<LocalizedText[]>(stored, store)!;
        Assert.True(read[0].EnFallback);
        Assert.False(read[1].EnFallback);
        Assert.Equal("Board", read[1].En);
    }
}
