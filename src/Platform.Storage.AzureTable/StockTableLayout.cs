using Azure.Data.Tables;

namespace Platform.Storage.AzureTable;

/// <summary>
/// How Orleans's <c>AzureTableGrainStorage</c> (Microsoft.Orleans.Persistence.AzureStorage 10.4.2) lays out a grain
/// state, as read in its source and checked against raw rows by the tests (<c>StoredRowLayoutTests</c>):
/// <list type="bullet">
/// <item>one entity per grain state;</item>
/// <item>PartitionKey = <c>{ServiceId}_{GrainId}</c>, GrainId being <c>{grainType}/{key}</c>, with each of
/// <c>/ \ # ?</c> replaced by <c>_</c>: <c>intercoop_cooperative_reseau_coop-42</c>;</item>
/// <item>RowKey = the state name (<c>[PersistentState("name")]</c>), sanitized the same way;</item>
/// <item>binary format: the serializer's bytes in <c>Data</c>, <c>Data1</c> … <c>Data14</c>, 64 KiB each, at most
/// 15 × 64 KiB = 983,040 bytes (checked by the provider before any request).</item>
/// </list>
/// The replacement is lossy (<c>a/b</c> and <c>a_b</c> share a row), which is harmless for the platform's keys:
/// tenant ids and local ids are slugs (<c>[a-z0-9-]</c>), so every <c>_</c> after the grain type stands for a <c>/</c>.
/// </summary>
internal static class StockTableLayout
{
    public const int ChunkBytes = 64 * 1024;
    public const int MaxChunks = 15;
    public const int MaxStateBytes = ChunkBytes * MaxChunks;

    private const string BinaryProperty = "Data";
    private const string StringProperty = "StringData";

    /// <summary>What the provider does to a key before it becomes a PartitionKey or RowKey.</summary>
    public static string Sanitize(string key) =>
        key.Replace('/', '_').Replace('\\', '_').Replace('#', '_').Replace('?', '_');

    /// <summary>Everything a grain type's PartitionKeys start with: <c>{ServiceId}_{grainType}_</c>.</summary>
    public static string GrainTypePrefix(string serviceId, string grainType) => Sanitize($"{serviceId}_{grainType}/");

    public static string PartitionKey(string serviceId, string grainType, string grainKey) => Sanitize($"{serviceId}_{grainType}/{grainKey}");

    /// <summary>
    /// A tenant's PartitionKeys of one grain type: exactly <c>{prefix}{tenant}</c> (the key <c>{tenant}</c>) and the
    /// range [<c>{prefix}{tenant}_</c>, <c>{prefix}{tenant}`</c>) (the keys <c>{tenant}/…</c>; '`' follows '_').
    /// A tenant whose id merely starts the same (<c>reseau-coop</c> for <c>reseau</c>) sorts between the two and is in neither.
    /// </summary>
    public static (string Exact, string RangeStart, string RangeEnd) TenantPartitionKeys(string serviceId, string grainType, string tenantId)
    {
        var exact = PartitionKey(serviceId, grainType, tenantId);
        return (exact, exact + "_", exact + "`");
    }

    /// <summary>The grain key back from a PartitionKey of the tenant (see the class remarks on '_').</summary>
    public static string GrainKeyOf(string partitionKey, string serviceId, string grainType, string tenantId)
    {
        var prefix = GrainTypePrefix(serviceId, grainType) + tenantId;
        if (!partitionKey.StartsWith(prefix, StringComparison.Ordinal))
            throw new ArgumentException($"PartitionKey '{partitionKey}' is not one of tenant '{tenantId}' for grain type '{grainType}'.", nameof(partitionKey));
        return tenantId + partitionKey[prefix.Length..].Replace('_', '/');
    }

    /// <summary>The serializer's bytes, reassembled in the provider's property order.</summary>
    public static byte[] ReadPayload(TableEntity entity)
    {
        using var payload = new MemoryStream();
        foreach (var name in PropertyNames(BinaryProperty))
        {
            if (!entity.TryGetValue(name, out var value)) continue;
            switch (value)
            {
                case byte[] bytes: payload.Write(bytes); break;
                case BinaryData data: payload.Write(data.ToMemory().Span); break;
                case string base64 when base64.Length > 0: payload.Write(Convert.FromBase64String(base64)); break;
            }
        }
        if (payload.Length > 0) return payload.ToArray();
        // Rows written with UseStringFormat (never by the platform) hold the text in StringData, StringData1, …
        var text = string.Concat(PropertyNames(StringProperty).Select(name => entity.TryGetValue(name, out var v) ? v as string : null));
        return System.Text.Encoding.UTF8.GetBytes(text);
    }

    private static IEnumerable<string> PropertyNames(string baseName)
    {
        yield return baseName;
        for (var i = 1; i < MaxChunks; i++) yield return baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
