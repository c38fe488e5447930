using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Platform.Abstractions;

namespace Platform.Grains.Statistics;

/// <summary>
/// Rule 3 against differencing (issue 13 §4). Equity-group breakdowns go upward only for whole
/// report years, and each published cell is randomly rounded to a multiple of 5 (unbiased random
/// rounding, as Statistics Canada does): a count n = 5q + r with r ≠ 0 becomes 5q + 5 with
/// probability r/5 and 5q otherwise. The draw is a keyed hash (HMAC-SHA256 under the platform's
/// stored disclosure key) of the year, the cell and the true count, so a repeated query gets the
/// same value and cannot average the rounding away, and every silo answers alike.
/// </summary>
internal static class DisclosureControl
{
    public const int Base = 5;

    public static int Round(int count, string cell, int year, ReadOnlySpan<byte> key)
    {
        var remainder = count % Base;
        if (remainder == 0) return count;
        var input = Encoding.UTF8.GetBytes($"{year}|{cell}|{count}");
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, input, hash);
        // A uniform draw in [0, 1) from 53 bits of the hash.
        var draw = (BinaryPrimitives.ReadUInt64LittleEndian(hash) >> 11) * (1.0 / (1UL << 53));
        return draw < (double)remainder / Base ? count - remainder + Base : count - remainder;
    }

    /// <summary>Suppression first (cells below 5, and what would reveal them), then rounding of what is published.</summary>
    public static Suppression.Result Publish(IReadOnlyList<string> names, IReadOnlyList<int> counts, string prefix, int year, ReadOnlySpan<byte> key)
    {
        var suppressed = Suppression.Apply(names, counts, prefix);
        var cells = new Dictionary<string, CellValue>(suppressed.Cells.Count, StringComparer.Ordinal);
        foreach (var (name, value) in suppressed.Cells)
            cells[name] = value.Count is { } count ? new CellValue(Round(count, name, year, key)) : value;
        return suppressed with { Cells = cells };
    }
}
