using System.Text;
using Platform.Runtime;

namespace Platform.Storage.AzureTable;

/// <summary>The PartitionKey and RowKey of one grain state.</summary>
internal readonly record struct TableEntityKey(string PartitionKey, string RowKey);

/// <summary>
/// Maps grain identities to table keys and back.
///
/// PartitionKey = <c>{serviceId}_{partition}</c> (the partition is the tenant, so one tenant's states
/// can be listed, exported and deleted with one partition query); RowKey =
/// <c>{grainType}__{grainKey}__{stateName}</c>. Each part is escaped so that the stored keys use only
/// <c>A-Z a-z 0-9 . -</c> plus <c>_XX</c> escapes (one per UTF-8 byte of any other character). That
/// keeps out what the service forbids (<c>/ \ # ?</c>, control characters) and what it or Azurite
/// mishandle in addresses (<c>%</c>, <c>'</c>), needs no URL encoding, makes characters equal bytes
/// for the 1 KiB key limit, and is reversible: an escaped part never contains "__", so the
/// separators are unambiguous.
/// </summary>
internal static class TableKeys
{
    /// <summary>The service limit on PartitionKey and RowKey (1 KiB; one byte per character here).</summary>
    public const int MaxKeyLength = 1024;

    private const char EscapeMark = '_';
    private const string Separator = "__";

    // Strict: a string with a lone surrogate cannot round-trip through UTF-8, so it is refused, not mangled.
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The keys of a grain state; throws <see cref="ArgumentException"/> before any request when a key is too long.</summary>
    public static TableEntityKey For(string serviceId, string stateName, GrainId grainId)
    {
        var partitionKey = PartitionKeyOf(serviceId, grainId.Partition);
        var rowKey = string.Concat(Escape(grainId.Type), Separator, Escape(grainId.Key), Separator, Escape(stateName));
        CheckLength("PartitionKey", partitionKey, grainId, stateName);
        CheckLength("RowKey", rowKey, grainId, stateName);
        return new TableEntityKey(partitionKey, rowKey);
    }

    public static string PartitionKeyOf(string serviceId, string partition) => $"{serviceId}_{Escape(partition)}";

    /// <summary>Recovers grain type, key and state name from a RowKey written by <see cref="For"/>.</summary>
    public static (string GrainType, string Key, string StateName) ParseRowKey(string rowKey)
    {
        var parts = rowKey.Split(Separator);
        if (parts.Length != 3) throw new FormatException($"RowKey '{rowKey}' does not have the form type__key__state.");
        return (Unescape(parts[0]), Unescape(parts[1]), Unescape(parts[2]));
    }

    public static string Escape(string value)
    {
        byte[] utf8;
        try
        {
            utf8 = s_strictUtf8.GetBytes(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"'{value}' is not valid Unicode (it holds a lone surrogate) and cannot be a storage key.", nameof(value), e);
        }
        var escaped = new StringBuilder(utf8.Length + 8);
        foreach (var b in utf8)
        {
            if (IsKept(b)) escaped.Append((char)b);
            else escaped.Append(EscapeMark).Append(Convert.ToHexString([b]));
        }
        return escaped.ToString();
    }

    public static string Unescape(string escaped)
    {
        var utf8 = new List<byte>(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (c == EscapeMark)
            {
                if (i + 2 >= escaped.Length || !char.IsAsciiHexDigitUpper(escaped[i + 1]) || !char.IsAsciiHexDigitUpper(escaped[i + 2]))
                    throw new FormatException($"'{escaped}' has a malformed escape at position {i}.");
                utf8.Add(Convert.FromHexString(escaped.AsSpan(i + 1, 2))[0]);
                i += 2;
            }
            else if (c < 128 && IsKept((byte)c))
            {
                utf8.Add((byte)c);
            }
            else
            {
                throw new FormatException($"'{escaped}' has an unescaped character at position {i}.");
            }
        }
        try
        {
            return s_strictUtf8.GetString([.. utf8]);
        }
        catch (DecoderFallbackException e)
        {
            throw new FormatException($"'{escaped}' does not decode to valid UTF-8.", e);
        }
    }

    private static bool IsKept(byte b) => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'.';

    private static void CheckLength(string which, string key, GrainId grainId, string stateName)
    {
        if (key.Length <= MaxKeyLength) return;
        var shown = grainId.Key.Length > 80 ? grainId.Key[..80] + "…" : grainId.Key;
        throw new ArgumentException(
            $"Grain {grainId.Type}/{shown} (state '{stateName}') cannot be stored in Azure Table: its {which} would be " +
            $"{key.Length} characters once escaped, and the service allows {MaxKeyLength}. Use a shorter grain key.",
            nameof(grainId));
    }
}
