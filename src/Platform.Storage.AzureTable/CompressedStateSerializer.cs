using System.IO.Compression;
using Orleans.Storage;

namespace Platform.Storage.AzureTable;

/// <summary>
/// The platform's JSON storage serializer with Brotli around it, for Azure Table rows only: an
/// entity holds at most 983,040 bytes of state, and a federation of 10,000 members is about
/// 1.2 MB of JSON but an eighth of that compressed. Rows start with a short marker, so a row
/// written as plain JSON (before compression was on) still reads.
/// </summary>
public sealed class CompressedStateSerializer(IGrainStorageSerializer json) : IGrainStorageSerializer
{
    private static ReadOnlySpan<byte> Marker => "ICBR1"u8;

    /// <summary>The JSON serializer inside (what export and the start-up check see).</summary>
    public IGrainStorageSerializer Json { get; } = json;

    public BinaryData Serialize<T>(T? input)
    {
        var plain = Json.Serialize(input).ToMemory();
        using var buffer = new MemoryStream(plain.Length / 6 + 64);
        buffer.Write(Marker);
        using (var brotli = new BrotliStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            brotli.Write(plain.Span);
        return new BinaryData(buffer.ToArray());
    }

    public T? Deserialize<T>(BinaryData input)
    {
        var stored = input.ToMemory();
        if (!stored.Span.StartsWith(Marker)) return Json.Deserialize<T>(input);
        using var compressed = new MemoryStream(stored[Marker.Length..].ToArray(), writable: false);
        using var brotli = new BrotliStream(compressed, CompressionMode.Decompress);
        using var plain = new MemoryStream();
        brotli.CopyTo(plain);
        return Json.Deserialize<T>(new BinaryData(plain.ToArray()));
    }
}
