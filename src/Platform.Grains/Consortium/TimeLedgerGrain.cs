using Platform.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Platform.Grains.Consortium;

/// <summary>
/// One month of a consortium's time entries and the statements issued from them (key
/// <c>{consortiumId}/{yyyy-MM}</c>). The 24-hours-a-day rule and the freeze of issued months are
/// checked here, inside one turn, where all the entries they depend on live.
/// </summary>
[CollectionAgeLimit(Minutes = 5)]
[GrainType("time-ledger")]
public sealed class TimeLedgerGrain(
    [PersistentState("time-ledger")] IPersistentState<TimeLedgerState> state,
    BusinessClock clock) : Grain, ITimeLedgerGrain
{
    /// <summary>About 50 professionals × 22 days × several entries, with room; keeps the stored state well under a table entity's limit.</summary>
    public const int MaxEntries = 10_000;

    public const decimal MaxHoursPerDay = 24m;

    private YearMonth Month => YearMonth.Require(this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().LastIndexOf('/') + 1)..], "month");

    private string ConsortiumId => this.GetPrimaryKeyString()[..this.GetPrimaryKeyString().LastIndexOf('/')];

    public async Task<TimeEntry> RecordAsync(TimeEntry entry)
    {
        if (!Month.Contains(entry.On))
            throw new InvalidOperationException($"Entry of {entry.On:yyyy-MM-dd} sent to the ledger of {Month}.");
        RequireOpen(entry.ClientId);
        if (state.State.Entries.Any(e => e.Id == entry.Id))
            throw new ConflictException($"Time entry '{entry.Id}' already exists.");
        if (state.State.Entries.Count >= MaxEntries)
            throw new ConflictException($"A month holds at most {MaxEntries} time entries.");

        var sameDay = state.State.Entries
            .Where(e => e.ProfessionalId == entry.ProfessionalId && e.On == entry.On)
            .Sum(e => e.Hours);
        if (sameDay + entry.Hours > MaxHoursPerDay)
            throw new ConflictException(
                $"Professional '{entry.ProfessionalId}' already has {sameDay} h on {entry.On:yyyy-MM-dd}; " +
                $"{entry.Hours} h more would pass {MaxHoursPerDay} h in one day.");

        state.State.Entries.Add(entry);
        await state.WriteOrReloadAsync(this);
        return entry;
    }

    public async Task<TimeEntry> RemoveAsync(string entryId)
    {
        var entry = state.State.Entries.Find(e => e.Id == entryId)
            ?? throw new NotFoundException($"No time entry '{entryId}'.");
        RequireOpen(entry.ClientId);
        state.State.Entries.Remove(entry);
        await state.WriteOrReloadAsync(this);
        return entry;
    }

    public Task<IReadOnlyList<TimeEntry>> ListAsync() =>
        Task.FromResult<IReadOnlyList<TimeEntry>>(state.State.Entries
            .OrderBy(e => e.On).ThenBy(e => e.ProfessionalId, StringComparer.Ordinal).ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList());

    public Task<Statement?> GetIssuedAsync(string clientId) =>
        Task.FromResult(state.State.Issued.GetValueOrDefault(clientId));

    public Task<IReadOnlyList<Statement>> ListIssuedAsync() =>
        Task.FromResult<IReadOnlyList<Statement>>(state.State.Issued.Values.OrderBy(s => s.ClientId, StringComparer.Ordinal).ToList());

    public async Task<Statement> IssueAsync(string clientId, RateBook rates)
    {
        RequireOpen(clientId);
        var statement = FairCost.Compose(ConsortiumId, clientId, Month, state.State.Entries, rates, StatementStatus.Issued, clock.GetUtcNow());
        if (statement.Lines.Count == 0)
            throw new ConflictException($"No time was recorded for '{clientId}' in {Month}: there is nothing to bill.");
        state.State.Issued[clientId] = statement;
        await state.WriteOrReloadAsync(this);
        return statement;
    }

    private void RequireOpen(string clientId)
    {
        if (state.State.Issued.ContainsKey(clientId))
            throw new ConflictException($"The statement of '{clientId}' for {Month} is issued; its time entries can no longer change.");
    }
}
