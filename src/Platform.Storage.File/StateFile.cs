using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Storage.FileStore;

/// <summary>What a state file says about itself: whose state it is, and whether it is a tombstone.</summary>
internal sealed record StateFileMetadata(
    string GrainType,
    string Key,
    string StateName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Cleared = false);

/// <summary>One decoded state file: its version (the ETag), its metadata and the serialized state.</summary>
internal readonly record struct StateRecord(long Version, StateFileMetadata Metadata, ReadOnlyMemory<byte> State)
{
    public bool IsLive => !Metadata.Cleared;
}

/// <summary>
/// The on-disk format and the file names. A file is one ASCII header line
/// <c>ICSTATE1 {version} {payloadLength} {SHA-256 of payload, hex}</c>, then the payload: one line of
/// JSON metadata (<see cref="StateFileMetadata"/>) and the serializer's bytes. It is the format the
/// old runtime's store wrote, so a data folder it left is read as is (tombstones are new: a
/// metadata field the old store never wrote).
/// </summary>
internal static class StateFile
{
    public const string Magic = "ICSTATE1";
    public const string Extension = ".state";
    public const string TemporaryExtension = ".tmp";

    // Escaped names longer than this are replaced by a hash (file names are limited to 255 bytes).
    private const int MaxNameLength = 200;

    private static readonly JsonSerializerOptions s_metadataOptions = new();

    public static byte[] Encode(long version, StateFileMetadata metadata, ReadOnlySpan<byte> state)
    {
        var meta = JsonSerializer.SerializeToUtf8Bytes(metadata, s_metadataOptions);
        var payload = new byte[meta.Length + 1 + state.Length];
        meta.CopyTo(payload, 0);
        payload[meta.Length] = (byte)'\n';
        state.CopyTo(payload.AsSpan(meta.Length + 1));
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{Magic} {version} {payload.Length} {Convert.ToHexString(SHA256.HashData(payload))}\n"));
        var file = new byte[header.Length + payload.Length];
        header.CopyTo(file, 0);
        payload.CopyTo(file, header.Length);
        return file;
    }

    public static StateRecord Decode(byte[] bytes, string path)
    {
        var headerEnd = Array.IndexOf(bytes, (byte)'\n');
        if (headerEnd < 0) throw new CorruptStateFileException(path, "no header");
        var header = Encoding.ASCII.GetString(bytes, 0, headerEnd).Split(' ');
        if (header.Length != 4 || header[0] != Magic
            || !long.TryParse(header[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || !int.TryParse(header[2], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            throw new CorruptStateFileException(path, "unreadable header");
        var payload = bytes.AsMemory(headerEnd + 1);
        if (payload.Length != length)
            throw new CorruptStateFileException(path, $"payload is {payload.Length} bytes, header says {length}");
        if (!string.Equals(Convert.ToHexString(SHA256.HashData(payload.Span)), header[3], StringComparison.Ordinal))
            throw new CorruptStateFileException(path, "checksum mismatch");
        var metadataEnd = payload.Span.IndexOf((byte)'\n');
        if (metadataEnd < 0) throw new CorruptStateFileException(path, "no metadata");
        StateFileMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<StateFileMetadata>(payload.Span[..metadataEnd], s_metadataOptions);
        }
        catch (JsonException)
        {
            metadata = null;
        }
        if (metadata is null || metadata.GrainType is null || metadata.Key is null || metadata.StateName is null)
            throw new CorruptStateFileException(path, "unreadable metadata");
        return new StateRecord(version, metadata, payload[(metadataEnd + 1)..]);
    }

    /// <summary><c>{tenant}/{grainType}/{key}~{stateName}.state</c>, relative to the data folder, every name escaped.</summary>
    public static string RelativePathOf(string tenant, string grainType, string key, string stateName)
    {
        var name = $"{Escape(key)}~{Escape(stateName)}";
        // Hashed names hold no '~', escaped ones always do: the two never collide. The key itself is kept inside the file.
        if (name.Length > MaxNameLength) name = "h-" + Hash($"{key}\n{stateName}");
        return Path.Combine(FolderName(tenant), FolderName(grainType), name + Extension);
    }

    /// <summary>The folder a tenant id or grain type lives in.</summary>
    public static string FolderName(string value)
    {
        var escaped = Escape(value);
        // "_h" never comes out of Escape ('_' is always followed by two hex digits).
        return escaped.Length > MaxNameLength ? "_h" + Hash(value) : escaped;
    }

    /// <summary>
    /// Reversible, case-safe escaping: lower-case ASCII letters, digits and '-' stay; every other
    /// UTF-8 byte becomes <c>_xx</c>. No name is ever '.', '..', contains a separator, starts with
    /// '.' (those are the store's own files), or differs from another only by case.
    /// </summary>
    public static string Escape(string value)
    {
        if (value.Length == 0) return "_";
        var builder = new StringBuilder(value.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'-') builder.Append((char)b);
            else builder.Append('_').Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    /// <summary>The inverse of <see cref="Escape"/>.</summary>
    public static string Unescape(string escaped)
    {
        if (escaped == "_") return "";
        var bytes = new List<byte>(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '_')
            {
                bytes.Add(byte.Parse(escaped.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                bytes.Add((byte)escaped[i]);
            }
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    /// <summary>Files of the store's own making (temporary files, the owner lock, probes) start with '.'; state files never do.</summary>
    public static bool IsStateFile(string path)
    {
        var name = Path.GetFileName(path);
        return !name.StartsWith('.') && name.EndsWith(Extension, StringComparison.Ordinal);
    }

    public static bool IsTemporaryFile(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith('.') && name.EndsWith(TemporaryExtension, StringComparison.Ordinal);
    }

    private static string Hash(string value) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value))).ToLowerInvariant();
}
