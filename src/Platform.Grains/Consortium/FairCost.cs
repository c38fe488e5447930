using Platform.Abstractions;

namespace Platform.Grains.Consortium;

/// <summary>
/// Rule 4, fair cost: a client pays hours × the professional's cost rate on the day of the work,
/// nothing more. Pure functions so the statement, the draft and the cost-recovery report all
/// price the same way.
/// </summary>
public static class FairCost
{
    /// <summary>
    /// Commercial rounding to the cent (0.005 → 0.01), the way an invoice is read; banker's rounding
    /// would move a client's cent depending on whether the cent before it is odd.
    /// </summary>
    public static decimal ToCent(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Groups entries into lines of (request, professional, rate): hours are summed exactly, then
    /// each line is multiplied and rounded once. Rounding per line (not per entry) keeps a line
    /// checkable by hand: its amount is its hours times its rate.
    /// </summary>
    public static IReadOnlyList<StatementLine> Lines(IEnumerable<TimeEntry> entries, RateBook rates) =>
        entries
            .Select(e => (Entry: e, Rate: rates.RateOn(e.ProfessionalId, e.On)))
            .GroupBy(x => (x.Entry.RequestId, x.Entry.ProfessionalId, x.Rate))
            .Select(g =>
            {
                var hours = g.Sum(x => x.Entry.Hours);
                return new StatementLine(g.Key.RequestId, g.Key.ProfessionalId, hours, g.Key.Rate, ToCent(hours * g.Key.Rate));
            })
            .OrderBy(l => l.RequestId, StringComparer.Ordinal)
            .ThenBy(l => l.ProfessionalId, StringComparer.Ordinal)
            .ThenBy(l => l.Rate)
            .ToList();

    /// <summary>A client's statement for one month from that month's entries (already in cents: a sum of cents).</summary>
    public static Statement Compose(
        string consortiumId, string clientId, YearMonth month, IEnumerable<TimeEntry> monthEntries, RateBook rates,
        StatementStatus status, DateTimeOffset? issuedAt)
    {
        var lines = Lines(monthEntries.Where(e => e.ClientId == clientId && month.Contains(e.On)), rates);
        return new Statement(
            consortiumId, clientId, month.ToString(), status, lines,
            lines.Sum(l => l.Hours), lines.Sum(l => l.Amount), issuedAt);
    }

    /// <summary>
    /// The cost of each client's work in a set of entries, priced line by line exactly as a
    /// statement would be, so cost and billed agree to the cent when nothing went wrong.
    /// </summary>
    public static IReadOnlyDictionary<string, decimal> CostByClient(IEnumerable<TimeEntry> monthEntries, RateBook rates) =>
        monthEntries
            .GroupBy(e => e.ClientId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Lines(g, rates).Sum(l => l.Amount), StringComparer.Ordinal);
}
