using System.Globalization;
using Platform.Abstractions;
using Orleans;
using Orleans.Runtime;
using static Platform.Grains.Consortium.ConsortiumValidation;

namespace Platform.Grains.Consortium;

/// <summary>
/// A shared-services consortium (key <c>{tenantId}</c>). Holds what stays small (fields,
/// professionals with their rate histories, agreements, requests in progress) and drives the grains
/// that hold what grows: one grain per request, one time ledger per month, one agreements copy per
/// client. Calls only go outward from here, so no chain can come back to this grain.
/// Dates are whole UTC days from the injected clock.
/// </summary>
[GrainType("consortium")]
public sealed class ConsortiumGrain(
    [PersistentState("consortium")] IPersistentState<ConsortiumState> state,
    BusinessClock clock) : Grain, IConsortiumGrain
{
    public const int MaxFields = 100;
    public const int MaxProfessionals = 500;
    public const int MaxRateChanges = 200;
    public const int MaxAgreements = 2_000;
    public const int MaxActiveRequests = 2_000;

    private ConsortiumState S => state.State;
    private string ConsortiumId => this.GetPrimaryKeyString();
    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    // ---- Fields of expertise ----

    public async Task<ExpertiseField> PutFieldAsync(string fieldId, LocalizedText name)
    {
        Ids.Require(fieldId, "fieldId");
        LocalizedText.Require(name, "name", MaxNameLength);
        if (!S.Fields.ContainsKey(fieldId) && S.Fields.Count >= MaxFields)
            throw new ConflictException($"A consortium offers at most {MaxFields} fields of expertise.");
        var field = new ExpertiseField(fieldId, name);
        if (S.Fields.GetValueOrDefault(fieldId) == field) return field;
        S.Fields[fieldId] = field;
        await state.WriteOrReloadAsync(this);
        return field;
    }

    public Task<IReadOnlyList<ExpertiseField>> ListFieldsAsync() =>
        Task.FromResult<IReadOnlyList<ExpertiseField>>(S.Fields.Values.OrderBy(f => f.Id, StringComparer.Ordinal).ToList());

    // ---- Professionals ----

    public async Task<Professional> PutProfessionalAsync(string professionalId, ProfessionalInput input)
    {
        Ids.Require(professionalId, "professionalId");
        if (input is null) throw ValidationFailedException.For("body", "A professional is required.");
        var name = RequireText(input.Name, "name", MaxNameLength);
        var fields = RequireFields(input.Fields, S.Fields, "fields");
        var rate = RequirePositive(input.CostRate, "costRate", MaxCostRate);
        var capacity = RequirePositive(input.WeeklyCapacity, "weeklyCapacity", MaxWeeklyCapacity);
        var from = YearMonth.RequireDate(input.RateEffectiveFrom ?? Today, "rateEffectiveFrom");

        var existing = S.Professionals.GetValueOrDefault(professionalId);
        if (existing is null && S.Professionals.Count >= MaxProfessionals)
            throw new ConflictException($"A consortium holds at most {MaxProfessionals} professionals.");

        IReadOnlyList<RateChange> history;
        if (existing is null)
        {
            history = [new RateChange(from, rate)];
        }
        else if (RateChange.RateOn(existing.RateHistory, from) == rate)
        {
            history = existing.RateHistory;
        }
        else
        {
            // A new step from that day on; a step already on that day is replaced, earlier and later steps stay.
            history = existing.RateHistory.Where(s => s.EffectiveFrom != from)
                .Append(new RateChange(from, rate))
                .OrderBy(s => s.EffectiveFrom)
                .ToList();
            if (history.Count > MaxRateChanges)
                throw new ConflictException($"A professional's rate history holds at most {MaxRateChanges} changes.");
        }

        var record = new ProfessionalRecord(professionalId, name, fields, history, capacity, input.Active, existing?.PersonId);
        S.Professionals[professionalId] = record;
        await state.WriteOrReloadAsync(this);
        return ToProfessional(record);
    }

    public Task<Professional> GetProfessionalAsync(string professionalId) =>
        Task.FromResult(ToProfessional(S.Professionals.GetValueOrDefault(professionalId)
            ?? throw new NotFoundException($"No professional '{professionalId}' in this consortium.")));

    public Task<IReadOnlyList<Professional>> ListProfessionalsAsync() =>
        Task.FromResult<IReadOnlyList<Professional>>(S.Professionals.Values
            .OrderBy(p => p.Id, StringComparer.Ordinal).Select(ToProfessional).ToList());

    public async Task<Professional> LinkPersonAsync(string professionalId, string? personId)
    {
        Ids.Require(professionalId, "professionalId");
        var record = S.Professionals.GetValueOrDefault(professionalId)
            ?? throw new NotFoundException($"No professional '{professionalId}' in this consortium.");
        if (personId is not null)
        {
            Ids.Require(personId, "personId");
            // Only a person of this consortium signs in to it; anyone else could never use the link.
            // The tenant's people grain calls no grain, so this call cannot come back here.
            var people = await GrainFactory.GetGrain<ITenantPeopleGrain>(ConsortiumId).ListPeopleAsync();
            if (people.All(p => p.Id != personId))
                throw ValidationFailedException.For("personId", $"'{personId}' is not a person of this tenant.");
            if (S.Professionals.Values.FirstOrDefault(p => p.PersonId == personId && p.Id != professionalId) is { } other)
                throw new ConflictException($"This person is already linked to professional '{other.Id}'.");
        }
        if (record.PersonId == personId) return ToProfessional(record);
        var linked = record with { PersonId = personId };
        S.Professionals[professionalId] = linked;
        await state.WriteOrReloadAsync(this);
        return ToProfessional(linked);
    }

    private Professional ToProfessional(ProfessionalRecord p) =>
        new(p.Id, p.Name, p.Fields.ToList(), RateChange.RateOn(p.RateHistory, Today), p.RateHistory.ToList(), p.WeeklyCapacity, p.Active, p.PersonId);

    private RateBook Rates() =>
        new(S.Professionals.ToDictionary(p => p.Key, p => p.Value.RateHistory, StringComparer.Ordinal));

    // ---- Agreements ----

    public async Task<Agreement> OfferAgreementAsync(AgreementInput input)
    {
        if (input is null) throw ValidationFailedException.For("body", "An agreement is required.");
        var id = input.Id is null ? Ids.New("ag") : Ids.Require(input.Id, "id");
        var clientId = Ids.Require(input.ClientId, "clientId");
        var fields = RequireFields(input.Fields, S.Fields, "fields");
        var startsOn = YearMonth.RequireDate(input.StartsOn, "startsOn");
        var endsOn = YearMonth.RequireDate(input.EndsOn, "endsOn");
        var access = RequireDefined(input.Access, "access");
        if (endsOn < startsOn) throw ValidationFailedException.For("endsOn", "'endsOn' may not come before 'startsOn'.");
        if (endsOn < Today) throw ValidationFailedException.For("endsOn", "'endsOn' has already passed; an agreement must still have days to run.");
        if (clientId == ConsortiumId) throw ValidationFailedException.For("clientId", "A consortium cannot be its own client.");
        var client = await GrainFactory.GetGrain<ITenantGrain>(clientId).GetProfileAsync();
        if (client is null) throw ValidationFailedException.For("clientId", $"No tenant '{clientId}'.");
        // A consortium's own /agreements routes list what it offers, so it cannot also be a client.
        if (client.Kind == TenantKind.Consortium) throw ValidationFailedException.For("clientId", "A client is a federation or an organisation, not a consortium.");
        if (S.Agreements.ContainsKey(id)) throw new ConflictException($"An agreement '{id}' already exists.");
        if (S.Agreements.Count >= MaxAgreements) throw new ConflictException($"A consortium holds at most {MaxAgreements} agreements.");

        var agreement = new Agreement(id, ConsortiumId, clientId, fields, startsOn, endsOn, access, AgreementStatus.Pending, clock.GetUtcNow());
        // The client's copy first: it refuses an id another consortium already used with this client.
        await ClientAgreements(clientId).RecordAsync(agreement);
        S.Agreements[id] = agreement;
        await state.WriteOrReloadAsync(this);
        return agreement;
    }

    public Task<IReadOnlyList<Agreement>> ListAgreementsAsync() =>
        Task.FromResult<IReadOnlyList<Agreement>>(S.Agreements.Values.OrderBy(a => a.Id, StringComparer.Ordinal).ToList());

    public Task<Agreement> GetAgreementAsync(string agreementId) =>
        Task.FromResult(S.Agreements.GetValueOrDefault(agreementId)
            ?? throw new NotFoundException($"No agreement '{agreementId}' in this consortium."));

    public async Task<Agreement> AcceptAgreementAsync(string agreementId, string clientId)
    {
        var agreement = FindForClient(agreementId, clientId);
        switch (agreement.Status)
        {
            case AgreementStatus.Accepted:
                // Accepting twice is harmless, and repairs the client's copy if a crash left it behind.
                await ClientAgreements(clientId).RecordAsync(agreement);
                return agreement;
            case AgreementStatus.Pending when agreement.EndsOn < Today:
                throw new ConflictException($"Agreement '{agreementId}' ended on {agreement.EndsOn:yyyy-MM-dd}; it can no longer be accepted.");
            case AgreementStatus.Pending:
                var accepted = agreement with { Status = AgreementStatus.Accepted, AcceptedAt = clock.GetUtcNow() };
                // Ours first, the client's copy (which grants delegated reads) last: a failure in between grants nothing.
                S.Agreements[agreementId] = accepted;
                await state.WriteOrReloadAsync(this);
                await ClientAgreements(clientId).RecordAsync(accepted);
                return accepted;
            default:
                throw new ConflictException($"Agreement '{agreementId}' is {Describe(agreement.Status)}; only a pending agreement can be accepted.");
        }
    }

    public async Task<Agreement> DeclineAgreementAsync(string agreementId, string clientId)
    {
        var agreement = FindForClient(agreementId, clientId);
        if (agreement.Status != AgreementStatus.Pending)
            throw new ConflictException($"Agreement '{agreementId}' is {Describe(agreement.Status)}; only a pending agreement can be declined.");
        return await CloseAgreementAsync(agreement with
        {
            Status = AgreementStatus.Declined, EndedAt = clock.GetUtcNow(), EndedBy = AgreementParty.Client,
        });
    }

    public async Task<Agreement> EndAgreementAsync(string agreementId, string? clientId)
    {
        var agreement = clientId is null
            ? S.Agreements.GetValueOrDefault(agreementId) ?? throw new NotFoundException($"No agreement '{agreementId}' in this consortium.")
            : FindForClient(agreementId, clientId);
        if (agreement.Status is not (AgreementStatus.Pending or AgreementStatus.Accepted))
            throw new ConflictException($"Agreement '{agreementId}' is already {Describe(agreement.Status)}.");
        return await CloseAgreementAsync(agreement with
        {
            Status = AgreementStatus.Ended,
            EndedAt = clock.GetUtcNow(),
            EndedBy = clientId is null ? AgreementParty.Consortium : AgreementParty.Client,
        });
    }

    private async Task<Agreement> CloseAgreementAsync(Agreement closed)
    {
        // Revoking: the client's copy first, so delegated reads stop even if our own write then fails.
        await ClientAgreements(closed.ClientId).RecordAsync(closed);
        S.Agreements[closed.Id] = closed;
        await state.WriteOrReloadAsync(this);
        return closed;
    }

    // ---- A tenant leaving the platform ----

    public async Task<ConsortiumDeparture> ClientDepartingAsync(string clientId)
    {
        Ids.Require(clientId, "clientId");
        var cancelled = new List<string>();
        foreach (var entry in S.ActiveRequests.Values.Where(r => r.ClientId == clientId).OrderBy(r => r.Id, StringComparer.Ordinal).ToList())
        {
            var request = Request(entry.Id);
            // The request grain is the truth: the book may lag it after a failed write.
            if (await request.GetAsync() is { Status: ServiceRequestStatus.Open or ServiceRequestStatus.Assigned })
                await request.CancelAsync();
            await ForgetActiveAsync(entry.Id);
            cancelled.Add(entry.Id);
        }
        return new ConsortiumDeparture(await EndLiveAgreementsAsync(clientId, AgreementParty.Client), cancelled);
    }

    public async Task<ConsortiumDeparture> DepartingAsync() =>
        new(await EndLiveAgreementsAsync(clientId: null, AgreementParty.Consortium), []);

    /// <summary>Ends every pending or accepted agreement (of one client, or all), each through the usual revocation order.</summary>
    private async Task<IReadOnlyList<Agreement>> EndLiveAgreementsAsync(string? clientId, AgreementParty by)
    {
        var live = S.Agreements.Values
            .Where(a => (clientId is null || a.ClientId == clientId) && a.Status is AgreementStatus.Pending or AgreementStatus.Accepted)
            .OrderBy(a => a.Id, StringComparer.Ordinal)
            .ToList();
        var ended = new List<Agreement>(live.Count);
        foreach (var agreement in live)
            ended.Add(await CloseAgreementAsync(agreement with { Status = AgreementStatus.Ended, EndedAt = clock.GetUtcNow(), EndedBy = by }));
        return ended;
    }

    private Agreement FindForClient(string agreementId, string clientId) =>
        S.Agreements.GetValueOrDefault(agreementId) is { } agreement && agreement.ClientId == clientId
            ? agreement
            : throw new NotFoundException($"No agreement '{agreementId}' offered to '{clientId}'.");

    private IServiceAgreementsGrain ClientAgreements(string clientId) => GrainFactory.GetGrain<IServiceAgreementsGrain>(clientId);

    /// <summary>The accepted agreement in force today that covers a client's field: the one running longest, then by id.</summary>
    private Agreement? CoveringAgreement(string clientId, string field)
    {
        var now = clock.GetUtcNow();
        return S.Agreements.Values
            .Where(a => a.ClientId == clientId && a.IsInForceAt(now) && a.Fields.Contains(field, StringComparer.Ordinal))
            .OrderByDescending(a => a.EndsOn).ThenBy(a => a.Id, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    // ---- Service requests ----

    public async Task<ServiceRequest> SubmitRequestAsync(string clientId, ServiceRequestInput input)
    {
        Ids.Require(clientId, "clientId");
        if (input is null) throw ValidationFailedException.For("body", "A service request is required.");
        if (input.ConsortiumId != ConsortiumId) throw ValidationFailedException.For("consortiumId", "The request is addressed to another consortium.");
        var id = input.Id is null ? Ids.New("sr") : Ids.Require(input.Id, "id");
        var field = Ids.Require(input.Field, "field");
        var title = RequireTitle(input.Title, "title", MaxTitleLength);
        var needBy = YearMonth.RequireDate(input.NeedBy, "needBy");
        var urgency = RequireDefined(input.Urgency, "urgency");
        var estimate = input.EstimatedHours is { } hours ? RequirePositive(hours, "estimatedHours", MaxEstimatedHours) : (decimal?)null;
        if (!S.Fields.ContainsKey(field)) throw ValidationFailedException.For("field", $"'{field}' is not a field of expertise of this consortium.");

        var agreement = CoveringAgreement(clientId, field)
            ?? throw new ConflictException($"No agreement in force between '{ConsortiumId}' and '{clientId}' covers '{field}'.");
        if (!S.ActiveRequests.ContainsKey(id) && S.ActiveRequests.Count >= MaxActiveRequests)
            throw new ConflictException($"A consortium keeps at most {MaxActiveRequests} requests in progress; close some first.");

        var request = await Request(id).CreateAsync(new ServiceRequest(
            id, ConsortiumId, clientId, agreement.Id, field, title, needBy, urgency, estimate,
            ServiceRequestStatus.Open, null, clock.GetUtcNow()));
        if (request.Status is (ServiceRequestStatus.Open or ServiceRequestStatus.Assigned) && !S.ActiveRequests.ContainsKey(id))
        {
            S.ActiveRequests[id] = ToEntry(request, 0m);
            await state.WriteOrReloadAsync(this);
        }
        return request;
    }

    public async Task<IReadOnlyList<ServiceRequest>> ListActiveRequestsAsync(string? clientId)
    {
        var ids = S.ActiveRequests.Values
            .Where(r => clientId is null || r.ClientId == clientId)
            .Select(r => r.Id)
            .OrderBy(id => id, StringComparer.Ordinal)
            .ToList();
        var requests = await Task.WhenAll(ids.Select(id => Request(id).GetAsync()));
        return requests.OfType<ServiceRequest>().ToList();
    }

    public async Task<IReadOnlyList<ServiceRequest>> ListClosedRequestsAsync(int year, ServiceRequestStatus status, string? clientId)
    {
        if (status is not (ServiceRequestStatus.Done or ServiceRequestStatus.Cancelled))
            throw ValidationFailedException.For("status", "Closed requests are done or cancelled.");
        var entries = (await Closed(year).ListAsync()).Where(e => e.Status == status && (clientId is null || e.ClientId == clientId)).ToList();
        var requests = await Task.WhenAll(entries.Select(e => Request(e.RequestId).GetAsync()));
        return requests.OfType<ServiceRequest>().ToList();
    }

    /// <summary>Before the request leaves the book of requests in hand, so a closed request is always listed somewhere.</summary>
    private Task RecordClosedAsync(ServiceRequest request) =>
        Closed(Today.Year).RecordAsync(new ClosedRequestEntry(request.Id, request.ClientId, request.Status, Today));

    private IClosedRequestsGrain Closed(int year) =>
        GrainFactory.GetGrain<IClosedRequestsGrain>(Ids.Key(ConsortiumId, year.ToString("0000", System.Globalization.CultureInfo.InvariantCulture)));

    public async Task<CandidateList> GetCandidatesAsync(string requestId)
    {
        var entry = await ActiveEntryAsync(requestId, "ranked");
        var today = Today;
        var (start, end, weeks) = CandidateRanking.Window(today, entry.NeedBy);
        var recorded = new Dictionary<string, decimal>(StringComparer.Ordinal);
        for (var month = YearMonth.Of(start); month.CompareTo(YearMonth.Of(today)) <= 0; month = month.Next())
        {
            // The request's own hours never weigh on its current assignee: they are this very work,
            // not work competing with it (its estimate is left out the same way). A former
            // assignee's hours on it did take that person's week, so they still count for them.
            foreach (var e in await Ledger(month).ListAsync())
                if (e.On >= start && e.On <= end && !(e.RequestId == requestId && e.ProfessionalId == entry.ProfessionalId))
                    recorded[e.ProfessionalId] = recorded.GetValueOrDefault(e.ProfessionalId) + e.Hours;
        }
        var ranked = CandidateRanking.Rank(entry, end, weeks, S.Professionals.Values.Select(ToProfessional), S.ActiveRequests.Values, recorded);
        return new CandidateList(requestId, entry.Field, start, end, weeks, ranked);
    }

    public async Task<ServiceRequest> AssignAsync(string requestId, string professionalId, decimal? estimatedHours)
    {
        Ids.Require(professionalId, "professionalId");
        var estimate = estimatedHours is { } hours ? RequirePositive(hours, "estimatedHours", MaxEstimatedHours) : (decimal?)null;
        var professional = S.Professionals.GetValueOrDefault(professionalId)
            ?? throw ValidationFailedException.For("professionalId", $"No professional '{professionalId}' in this consortium.");
        var entry = await ActiveEntryAsync(requestId, "assigned");
        if (!professional.Active)
            throw new ConflictException($"Professional '{professionalId}' is not active.");
        if (!professional.Fields.Contains(entry.Field, StringComparer.Ordinal))
            throw new ConflictException($"Professional '{professionalId}' does not practise '{entry.Field}'.");

        var request = await Request(requestId).AssignAsync(professionalId, estimate);
        S.ActiveRequests[requestId] = ToEntry(request, entry.RecordedHours);
        await state.WriteOrReloadAsync(this);
        return request;
    }

    public async Task<ServiceRequest> CompleteRequestAsync(string requestId)
    {
        Ids.Require(requestId, "requestId");
        var request = await Request(requestId).CompleteAsync();
        await RecordClosedAsync(request);
        await ForgetActiveAsync(requestId);
        return request;
    }

    public async Task<ServiceRequest> CancelRequestAsync(string requestId, string? clientId)
    {
        Ids.Require(requestId, "requestId");
        var grain = Request(requestId);
        var current = await grain.GetAsync();
        if (current is null || (clientId is not null && current.ClientId != clientId))
            throw new NotFoundException($"No service request '{requestId}'.");
        var request = await grain.CancelAsync();
        await RecordClosedAsync(request);
        await ForgetActiveAsync(requestId);
        return request;
    }

    /// <summary>The in-progress entry of a request; 404 when unknown, 409 when it is done or cancelled.</summary>
    private async Task<ActiveRequestEntry> ActiveEntryAsync(string requestId, string verb)
    {
        Ids.Require(requestId, "requestId");
        if (S.ActiveRequests.TryGetValue(requestId, out var entry)) return entry;
        var request = await Request(requestId).GetAsync() ?? throw new NotFoundException($"No service request '{requestId}'.");
        if (request.Status is ServiceRequestStatus.Open or ServiceRequestStatus.Assigned)
            return ToEntry(request, 0m); // not in the book only after a failed write; the request grain is the truth
        throw new ConflictException($"Service request '{requestId}' is {Describe(request.Status)}; it can no longer be {verb}.");
    }

    private async Task ForgetActiveAsync(string requestId)
    {
        if (S.ActiveRequests.Remove(requestId)) await state.WriteOrReloadAsync(this);
    }

    private IServiceRequestGrain Request(string requestId) => GrainFactory.GetGrain<IServiceRequestGrain>(Ids.Key(ConsortiumId, requestId));

    private static ActiveRequestEntry ToEntry(ServiceRequest r, decimal recordedHours) =>
        new(r.Id, r.ClientId, r.Field, r.Status, r.ProfessionalId, r.NeedBy, r.EstimatedHours, recordedHours);

    // ---- Time entries ----

    public async Task<TimeEntry> RecordTimeAsync(TimeEntryInput input)
    {
        if (input is null) throw ValidationFailedException.For("body", "A time entry is required.");
        var requestId = Ids.Require(input.RequestId, "requestId");
        var professionalId = Ids.Require(input.ProfessionalId, "professionalId");
        var on = YearMonth.RequireDate(input.On, "on");
        var hours = RequirePositive(input.Hours, "hours", TimeLedgerGrain.MaxHoursPerDay);
        if (on > Today) throw ValidationFailedException.For("on", "Time can only be recorded for today or an earlier day.");
        if (!S.Professionals.ContainsKey(professionalId))
            throw ValidationFailedException.For("professionalId", $"No professional '{professionalId}' in this consortium.");
        var request = await Request(requestId).GetAsync()
            ?? throw ValidationFailedException.For("requestId", $"No service request '{requestId}'.");

        // Time goes on the request's current assignee only, while assigned or once done (the last
        // day's hours are often entered after closing); never on open or cancelled requests.
        if (request.Status is not (ServiceRequestStatus.Assigned or ServiceRequestStatus.Done) || request.ProfessionalId != professionalId)
            throw new ConflictException($"Service request '{requestId}' is not assigned to '{professionalId}'.");
        var agreement = S.Agreements[request.AgreementId];
        if (on < agreement.StartsOn)
            throw new ConflictException($"Agreement '{agreement.Id}' starts on {agreement.StartsOn:yyyy-MM-dd}; no work can be recorded before.");
        if (on > agreement.LastWorkDay())
            throw new ConflictException($"Agreement '{agreement.Id}' ended on {agreement.LastWorkDay():yyyy-MM-dd}; no work can be recorded after.");

        var month = YearMonth.Of(on);
        var entry = await Ledger(month).RecordAsync(new TimeEntry(
            NewEntryId(month), requestId, request.ClientId, professionalId, on, hours, clock.GetUtcNow()));
        await AdjustRecordedAsync(requestId, hours);
        return entry;
    }

    public async Task<TimeEntry> RemoveTimeEntryAsync(string entryId)
    {
        if (!TryParseEntryMonth(entryId, out var month)) throw new NotFoundException($"No time entry '{entryId}'.");
        var removed = await Ledger(month).RemoveAsync(entryId);
        await AdjustRecordedAsync(removed.RequestId, -removed.Hours);
        return removed;
    }

    public async Task<IReadOnlyList<TimeEntry>> ListTimeEntriesAsync(YearMonth month, TimeEntryFilter filter)
    {
        var entries = await Ledger(month).ListAsync();
        return entries
            .Where(e => filter.ClientId is null || e.ClientId == filter.ClientId)
            .Where(e => filter.ProfessionalId is null || e.ProfessionalId == filter.ProfessionalId)
            .Where(e => filter.RequestId is null || e.RequestId == filter.RequestId)
            .ToList();
    }

    private async Task AdjustRecordedAsync(string requestId, decimal hours)
    {
        if (!S.ActiveRequests.TryGetValue(requestId, out var entry)) return;
        S.ActiveRequests[requestId] = entry with { RecordedHours = Math.Max(0m, entry.RecordedHours + hours) };
        await state.WriteOrReloadAsync(this);
    }

    private ITimeLedgerGrain Ledger(YearMonth month) => GrainFactory.GetGrain<ITimeLedgerGrain>(Ids.Key(ConsortiumId, month.ToString()));

    /// <summary><c>te-yyyymm-</c> + 12 random hex digits: a slug that says which month's ledger holds it.</summary>
    private static string NewEntryId(YearMonth month) =>
        string.Create(CultureInfo.InvariantCulture, $"te-{month.Year:D4}{month.Month:D2}-{Guid.NewGuid().ToString("N")[..12]}");

    private static bool TryParseEntryMonth(string entryId, out YearMonth month)
    {
        month = default;
        return entryId is { Length: 22 } && entryId.StartsWith("te-", StringComparison.Ordinal) && entryId[9] == '-'
            && YearMonth.TryParse($"{entryId[3..7]}-{entryId[7..9]}", out month);
    }

    // ---- Statements and cost recovery ----

    public async Task<Statement> GetStatementAsync(string clientId, YearMonth month)
    {
        Ids.Require(clientId, "client");
        var ledger = Ledger(month);
        return await ledger.GetIssuedAsync(clientId)
            ?? FairCost.Compose(ConsortiumId, clientId, month, await ledger.ListAsync(), Rates(), StatementStatus.Draft, null);
    }

    public async Task<Statement> IssueStatementAsync(string clientId, YearMonth month)
    {
        Ids.Require(clientId, "clientId");
        // Only a finished month: a statement freezes its entries, and days still to come would be locked out.
        if (month.LastDay >= Today)
            throw new ConflictException($"{month} is not over yet; its statement can be issued from {month.LastDay.AddDays(1):yyyy-MM-dd}.");
        return await Ledger(month).IssueAsync(clientId, Rates());
    }

    public async Task<CostRecovery> GetCostRecoveryAsync(int year)
    {
        YearMonth.RequireYear(year, "year");
        var rates = Rates();
        var cost = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var billed = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var unbilled = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var today = YearMonth.Of(Today);
        for (var month = new YearMonth(year, 1); month.Year == year && month.CompareTo(today) <= 0; month = month.Next())
        {
            var ledger = Ledger(month);
            // Two independent sources: cost re-prices the entries with the rate histories as they are
            // now, billed adds up what the issued statements said. For an issued month they agree
            // unless something went wrong; a month not issued yet is simply not billed yet.
            var issued = (await ledger.ListIssuedAsync()).ToDictionary(s => s.ClientId, s => s.Total, StringComparer.Ordinal);
            var monthCost = FairCost.CostByClient(await ledger.ListAsync(), rates);
            foreach (var (client, amount) in monthCost)
            {
                cost[client] = cost.GetValueOrDefault(client) + amount;
                if (!issued.ContainsKey(client)) unbilled[client] = unbilled.GetValueOrDefault(client) + amount;
            }
            foreach (var (client, total) in issued)
                billed[client] = billed.GetValueOrDefault(client) + total;
        }

        // Clients that had an agreement running that year appear even without activity.
        var yearStart = new DateOnly(year, 1, 1);
        var yearEnd = new DateOnly(year, 12, 31);
        var clients = S.Agreements.Values
            .Where(a => a.AcceptedAt is not null && a.StartsOn <= yearEnd && a.LastWorkDay() >= yearStart)
            .Select(a => a.ClientId)
            .Concat(cost.Keys).Concat(billed.Keys)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(c =>
            {
                var (clientCost, clientBilled, clientUnbilled) = (cost.GetValueOrDefault(c), billed.GetValueOrDefault(c), unbilled.GetValueOrDefault(c));
                return new ClientCostRecovery(c, clientCost, clientBilled, clientUnbilled, clientBilled - (clientCost - clientUnbilled));
            })
            .ToList();
        return new CostRecovery(ConsortiumId, year, clients,
            clients.Sum(c => c.Cost), clients.Sum(c => c.Billed), clients.Sum(c => c.Unbilled), clients.Sum(c => c.Difference));
    }

    private static string Describe(Enum value) => value.ToString().ToLowerInvariant();
}
