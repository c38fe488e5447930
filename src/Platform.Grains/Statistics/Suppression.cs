using Platform.Abstractions;

namespace Platform.Grains.Statistics;

/// <summary>
/// Rule 3 on one breakdown whose cells partition a published total (the active members).
///
/// Primary suppression: every cell below <see cref="Threshold"/> (zeros included, otherwise "0" and
/// "&lt;5" would tell empty and small cells apart). Complementary suppression: as long as the hidden
/// cells could be worked out from the total — a single hidden cell (total minus the others), hidden
/// cells that add up to 0 (all empty), or only small hidden cells adding up to 4 each (all at the
/// maximum) — the smallest published cell is hidden too. Every hidden cell reads "&lt;5", whether
/// primary or complementary, so a reader cannot tell which one is the small one.
/// </summary>
internal static class Suppression
{
    public const int Threshold = 5;

    public sealed record Result(IReadOnlyDictionary<string, CellValue> Cells, IReadOnlyList<string> Suppressed);

    public static Result Apply(IReadOnlyList<string> names, IReadOnlyList<int> counts, string prefix)
    {
        var hidden = new bool[counts.Count];
        var hiddenCount = 0;
        var hiddenSum = 0;
        var onlyPrimary = true;
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] >= Threshold) continue;
            hidden[i] = true;
            hiddenCount++;
            hiddenSum += counts[i];
        }

        while (hiddenCount > 0 && Recoverable(hiddenCount, hiddenSum, onlyPrimary))
        {
            var next = SmallestPublished(names, counts, hidden);
            if (next < 0) break;
            hidden[next] = true;
            hiddenCount++;
            hiddenSum += counts[next];
            onlyPrimary = false;
        }

        var cells = new Dictionary<string, CellValue>(names.Count, StringComparer.Ordinal);
        var suppressed = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            cells[names[i]] = hidden[i] ? CellValue.Suppressed : new CellValue(counts[i]);
            if (hidden[i]) suppressed.Add(prefix + names[i]);
        }
        return new Result(cells, suppressed);
    }

    // A reader knows the hidden sum (total − published cells) and that small cells lie in 0…4.
    private static bool Recoverable(int hiddenCount, int hiddenSum, bool onlyPrimary) =>
        hiddenCount == 1 || hiddenSum == 0 || (onlyPrimary && hiddenSum == (Threshold - 1) * hiddenCount);

    private static int SmallestPublished(IReadOnlyList<string> names, IReadOnlyList<int> counts, bool[] hidden)
    {
        var best = -1;
        for (var i = 0; i < counts.Count; i++)
        {
            if (hidden[i]) continue;
            if (best < 0 || counts[i] < counts[best] || (counts[i] == counts[best] && string.CompareOrdinal(names[i], names[best]) < 0))
                best = i;
        }
        return best;
    }
}
