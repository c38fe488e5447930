using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Platform.Runtime;

namespace Platform.Storage.AzureTable;

/// <summary>A grain state as read back from an entity.</summary>
internal sealed record StoredEntity(string RowKey, byte[] Json, string? WriteId);

/// <summary>
/// The layout of one grain state in one entity. An entity is written atomically, so a state is
/// never half-stored; what has to fit is the entity: at most 1 MiB, binary properties of at most
/// 64 KiB. So the JSON is Brotli-compressed and split across <c>D00</c>..<c>D14</c> (15 × 64 KiB =
/// 960 KiB, which leaves room for the keys and the small properties below the 1 MiB limit).
///
/// Next to the chunks: <c>FormatVersion</c>, <c>Compression</c> (the codec, so it can change
/// later), <c>UncompressedLength</c> and <c>ChunkCount</c> (checked on read: a mismatch is a
/// <see cref="CorruptStateException"/>, never a silently truncated state), and <c>WriteId</c>, a
/// fresh id per write that lets a retried write recognise that its own earlier attempt went through.
/// </summary>
internal static class StateEntity
{
    public const int ChunkBytes = 64 * 1024;
    public const int MaxChunks = 15;
    public const int MaxCompressedBytes = ChunkBytes * MaxChunks;

    /// <summary>Bounds what a read allocates from a stored length, and refuses absurd states on write.</summary>
    public const int MaxUncompressedBytes = 64 * 1024 * 1024;

    private const int CurrentFormat = 1;
    private const string Brotli = "br";

    // Quality 5 compresses JSON nearly as well as the slow levels at a fraction of the cost; 22 is Brotli's default window.
    private const int BrotliQuality = 5;
    private const int BrotliWindow = 22;

    /// <summary>Compresses the JSON, refusing (before anything is sent) a state that cannot fit.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> json, GrainId grainId, string stateName)
    {
        if (json.Length > MaxUncompressedBytes)
            throw TooLarge(grainId, stateName, $"its JSON is {json.Length:N0} bytes");
        // A destination of exactly the allowed size: Brotli reports failure when the output would not fit.
        var compressed = new byte[Math.Min(BrotliEncoder.GetMaxCompressedLength(json.Length), MaxCompressedBytes)];
        if (!BrotliEncoder.TryCompress(json, compressed, out var written, BrotliQuality, BrotliWindow))
            throw TooLarge(grainId, stateName, $"its {json.Length:N0} bytes of JSON compress to more than {MaxCompressedBytes:N0} bytes");
        return compressed[..written];
    }

    private static GrainStateTooLargeException TooLarge(GrainId grainId, string stateName, string why) =>
        new($"The state '{stateName}' of grain {grainId} was not written: {why}, and one Azure Table entity holds at most " +
            $"{MaxChunks} chunks of {ChunkBytes / 1024} KiB of compressed state. Split the state.");

    /// <summary>The JSON body of the entity, for an insert or a replace.</summary>
    public static ReadOnlyMemory<byte> Serialize(TableEntityKey key, ReadOnlySpan<byte> compressed, int uncompressedLength, string writeId)
    {
        var chunkCount = (compressed.Length + ChunkBytes - 1) / ChunkBytes;
        var buffer = new ArrayBufferWriter<byte>(compressed.Length * 4 / 3 + 1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("PartitionKey", key.PartitionKey);
            writer.WriteString("RowKey", key.RowKey);
            writer.WriteNumber("FormatVersion", CurrentFormat);
            writer.WriteString("Compression", Brotli);
            writer.WriteNumber("UncompressedLength", uncompressedLength);
            writer.WriteNumber("ChunkCount", chunkCount);
            writer.WriteString("WriteId", writeId);
            for (var i = 0; i < chunkCount; i++)
            {
                var name = ChunkName(i);
                var chunk = compressed.Slice(i * ChunkBytes, Math.Min(ChunkBytes, compressed.Length - i * ChunkBytes));
                // Without the annotation the service would store a base64 string, not binary.
                writer.WriteString(name + "@odata.type", "Edm.Binary");
                writer.WriteBase64String(name, chunk);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }

    /// <summary>Reads an entity back (a point read or one entity of a query) and checks its integrity.</summary>
    public static StoredEntity Deserialize(JsonElement entity)
    {
        var rowKey = entity.TryGetProperty("RowKey", out var rk) && rk.ValueKind == JsonValueKind.String ? rk.GetString()! : "";
        var where = $"entity '{rowKey}'";
        var format = IntProperty(entity, "FormatVersion", where);
        if (format != CurrentFormat) throw Corrupt(where, $"FormatVersion {format} is not one this version reads");
        var compression = StringProperty(entity, "Compression", where);
        if (compression != Brotli) throw Corrupt(where, $"Compression '{compression}' is unknown");
        var uncompressedLength = IntProperty(entity, "UncompressedLength", where);
        if (uncompressedLength is < 0 or > MaxUncompressedBytes) throw Corrupt(where, $"UncompressedLength {uncompressedLength} is out of range");
        var chunkCount = IntProperty(entity, "ChunkCount", where);
        if (chunkCount is < 0 or > MaxChunks) throw Corrupt(where, $"ChunkCount {chunkCount} is out of range");

        var chunks = new List<byte[]>(chunkCount);
        var chunksPresent = 0;
        foreach (var property in entity.EnumerateObject())
        {
            if (IsChunkName(property.Name)) chunksPresent++;
        }
        if (chunksPresent != chunkCount) throw Corrupt(where, $"ChunkCount says {chunkCount} but {chunksPresent} chunks were read");
        for (var i = 0; i < chunkCount; i++)
        {
            if (!entity.TryGetProperty(ChunkName(i), out var chunk) || chunk.ValueKind != JsonValueKind.String)
                throw Corrupt(where, $"chunk {ChunkName(i)} is missing");
            try
            {
                chunks.Add(chunk.GetBytesFromBase64());
            }
            catch (FormatException)
            {
                throw Corrupt(where, $"chunk {ChunkName(i)} is not binary");
            }
        }

        var compressed = chunks.Count == 1 ? chunks[0] : chunks.SelectMany(c => c).ToArray();
        var json = new byte[uncompressedLength];
        if (!BrotliDecoder.TryDecompress(compressed, json, out var written) || written != uncompressedLength)
            throw Corrupt(where, $"its {compressed.Length} compressed bytes do not decompress to the {uncompressedLength} bytes recorded");

        var writeId = entity.TryGetProperty("WriteId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        return new StoredEntity(rowKey, json, writeId);
    }

    internal static string ChunkName(int index) => "D" + index.ToString("00", CultureInfo.InvariantCulture);

    private static bool IsChunkName(string name) =>
        name.Length == 3 && name[0] == 'D' && char.IsAsciiDigit(name[1]) && char.IsAsciiDigit(name[2]);

    private static int IntProperty(JsonElement entity, string name, string where) =>
        entity.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw Corrupt(where, $"{name} is missing or not a number");

    private static string StringProperty(JsonElement entity, string name, string where) =>
        entity.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Corrupt(where, $"{name} is missing or not a string");

    private static CorruptStateException Corrupt(string where, string why) =>
        new($"Azure Table {where} failed its integrity check ({why}); it is not read as state.");
}
