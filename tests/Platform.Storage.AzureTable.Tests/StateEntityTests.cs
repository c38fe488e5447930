using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Runtime;

namespace Platform.Storage.AzureTable.Tests;

public sealed class StateEntityTests
{
    private static readonly GrainId s_grain = new("note", "tenant/n");
    private static readonly TableEntityKey s_key = TableKeys.For("intercoop", "note", s_grain);

    [Fact]
    public void EntityRoundTripsAndRecordsItsLayout()
    {
        var json = Stores.Serializer.Serialize(new NoteState { Lines = Enumerable.Range(0, 50_000).Select(i => $"line {i}").ToList() });
        var compressed = StateEntity.Compress(json, s_grain, "note");

        var body = JsonNode.Parse(StateEntity.Serialize(s_key, compressed, json.Length, "w1").Span)!.AsObject();
        var entity = StateEntity.Deserialize(ToElement(body));

        Assert.Equal(json, entity.Json);
        Assert.Equal("w1", entity.WriteId);
        Assert.Equal("br", (string?)body["Compression"]);
        Assert.Equal(json.Length, (int)body["UncompressedLength"]!);
        var chunks = (int)body["ChunkCount"]!;
        Assert.Equal((compressed.Length + StateEntity.ChunkBytes - 1) / StateEntity.ChunkBytes, chunks);
        Assert.Equal("Edm.Binary", (string?)body["D00@odata.type"]);
    }

    [Fact]
    public void MissingChunkIsCorruptNotTruncated()
    {
        var body = TwoChunkBody();
        body.Remove("D01");
        body.Remove("D01@odata.type");

        var error = Assert.Throws<CorruptStateException>(() => StateEntity.Deserialize(ToElement(body)));

        Assert.Contains("ChunkCount says 2 but 1 chunks were read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtraChunkIsCorrupt()
    {
        var body = TwoChunkBody();
        body["D02"] = body["D01"]!.DeepClone();

        Assert.Throws<CorruptStateException>(() => StateEntity.Deserialize(ToElement(body)));
    }

    [Fact]
    public void WrongUncompressedLengthIsCorrupt()
    {
        var body = TwoChunkBody();
        body["UncompressedLength"] = (int)body["UncompressedLength"]! - 1;

        var error = Assert.Throws<CorruptStateException>(() => StateEntity.Deserialize(ToElement(body)));

        Assert.Contains("do not decompress", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCompressionIsCorrupt()
    {
        var body = TwoChunkBody();
        body["Compression"] = "zstd";

        Assert.Throws<CorruptStateException>(() => StateEntity.Deserialize(ToElement(body)));
    }

    [Fact]
    public void SwappedChunksAreCorrupt()
    {
        var body = TwoChunkBody();
        (body["D00"], body["D01"]) = (body["D01"]!.DeepClone(), body["D00"]!.DeepClone());

        Assert.Throws<CorruptStateException>(() => StateEntity.Deserialize(ToElement(body)));
    }

    private static JsonObject TwoChunkBody()
    {
        // Random hex compresses to about half: 160,000 characters of it span two 64 KiB chunks.
        var json = Stores.Serializer.Serialize(new NoteState { Text = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(80_000)) });
        var compressed = StateEntity.Compress(json, s_grain, "note");
        var body = JsonNode.Parse(StateEntity.Serialize(s_key, compressed, json.Length, "w").Span)!.AsObject();
        Assert.Equal(2, (int)body["ChunkCount"]!);
        return body;
    }

    private static JsonElement ToElement(JsonObject body) => JsonDocument.Parse(body.ToJsonString()).RootElement;
}
