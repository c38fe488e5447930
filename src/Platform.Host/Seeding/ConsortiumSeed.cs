using System.Globalization;
using System.Text;
using System.Text.Json;
using Platform.Abstractions;

namespace Platform.Host.Seeding;

/// <summary>
/// The shared-services consortium of seed 004: its 18 fields, about fifty professionals generated
/// from a fixed random seed (same people, rates and capacities every run), accepted agreements
/// with <c>cqch</c> and the other co-op networks (Réseau COOP, the FCCT), last month's legal work billed at fair cost on an issued statement, and the
/// urgent request to coordinate cqch's general assembly two weeks from the day of seeding, assigned
/// to the best-ranked candidate with today's hours recorded. Dates are relative to the seeding day,
/// so the story is current whenever a newcomer starts the platform; the history (last month's
/// hours) is entered on that day, through the same grain calls the gateway makes.
/// </summary>
public sealed class ConsortiumSeed : ISeedStep
{
    // Needs only the tenants (its clients): side by side with the federations and the roles.
    public int Order => 20;
    public string Name => "consortium";

    public sealed record SeedField(string Id, LocalizedText Name, int Professionals, decimal RateMin, decimal RateMax);

    public sealed record SeedAgreement(string Id, IReadOnlyList<string> Fields, AgreementAccess Access);

    public sealed record SeedAssembly(string RequestId, string Field, LocalizedText Title, int DaysBeforeAssembly, decimal EstimatedHours, decimal HoursToday);

    public sealed record SeedBilledWork(string RequestId, string Field, LocalizedText Title, decimal EstimatedHours, IReadOnlyList<int> Days, IReadOnlyList<decimal> HoursPerDay);

    public sealed record SeedData(
        string ConsortiumId, string ClientId, IReadOnlyList<SeedField> Fields,
        IReadOnlyList<string> GivenNames, IReadOnlyList<string> FamilyNames, IReadOnlyList<decimal> WeeklyCapacities,
        double SecondFieldShare, decimal YearlyRaise, SeedAgreement Agreement, SeedAssembly Assembly, SeedBilledWork BilledWork,
        IReadOnlyList<SeedClient>? OtherClients = null);

    /// <summary>Another client network: the consortium's members are the co-op networks, each served under its own agreement.</summary>
    public sealed record SeedClient(string ClientId, SeedAgreement Agreement);

    /// <summary>A professional as generated, before it is written.</summary>
    public sealed record GeneratedProfessional(string Id, string Name, IReadOnlyList<string> Fields, decimal InitialRate, decimal RaisedRate, decimal WeeklyCapacity);

    public async Task RunAsync(SeedContext context, CancellationToken cancellationToken)
    {
        var data = await LoadAsync(context.SeedsPath, cancellationToken);
        // The tenants come from tenants.json; without them there is no one to seed for.
        if (!context.Tenants.ContainsKey(data.ConsortiumId) || !context.Tenants.ContainsKey(data.ClientId)) return;

        var today = DateOnly.FromDateTime(context.Clock.GetUtcNow().UtcDateTime);
        var consortium = context.Grains.GetGrain<IConsortiumGrain>(data.ConsortiumId);
        var client = context.Grains.GetGrain<IConsortiumClientGrain>(data.ClientId);

        foreach (var field in data.Fields) await consortium.PutFieldAsync(field.Id, field.Name);

        // Hired at last year's rates, raised on 1 January: every rate history has two steps.
        var lastYear = new DateOnly(today.Year - 1, 1, 1);
        var thisYear = new DateOnly(today.Year, 1, 1);
        foreach (var p in GenerateProfessionals(data))
        {
            await consortium.PutProfessionalAsync(p.Id, new ProfessionalInput(p.Name, p.Fields, p.InitialRate, p.WeeklyCapacity, true, lastYear));
            await consortium.PutProfessionalAsync(p.Id, new ProfessionalInput(p.Name, p.Fields, p.RaisedRate, p.WeeklyCapacity, true, thisYear));
        }

        await consortium.OfferAgreementAsync(new AgreementInput(
            data.Agreement.Id, data.ClientId, data.Agreement.Fields, lastYear, new DateOnly(today.Year + 1, 12, 31), data.Agreement.Access));
        await client.AcceptAgreementAsync(data.Agreement.Id);
        foreach (var other in (data.OtherClients ?? []).Where(c => context.Tenants.ContainsKey(c.ClientId)))
        {
            await consortium.OfferAgreementAsync(new AgreementInput(
                other.Agreement.Id, other.ClientId, other.Agreement.Fields, lastYear, new DateOnly(today.Year + 1, 12, 31), other.Agreement.Access));
            await context.Grains.GetGrain<IConsortiumClientGrain>(other.ClientId).AcceptAgreementAsync(other.Agreement.Id);
        }

        await SeedBilledMonthAsync(data, consortium, client, today);
        await SeedAssemblyAsync(data, consortium, client, today);
    }

    /// <summary>Last month's legal work: hours on several days, the request done, the month's statement issued.</summary>
    private static async Task SeedBilledMonthAsync(SeedData data, IConsortiumGrain consortium, IConsortiumClientGrain client, DateOnly today)
    {
        var work = data.BilledWork;
        var month = YearMonth.Of(today).FirstDay.AddMonths(-1);
        await client.SubmitRequestAsync(new ServiceRequestInput(
            work.RequestId, data.ConsortiumId, work.Field, work.Title, today.AddDays(30), ServiceRequestUrgency.Normal, work.EstimatedHours));
        var professional = await AssignBestAsync(consortium, work.RequestId);
        for (var i = 0; i < work.Days.Count; i++)
        {
            var day = month.AddDays(Math.Min(work.Days[i], DateTime.DaysInMonth(month.Year, month.Month)) - 1);
            await consortium.RecordTimeAsync(new TimeEntryInput(work.RequestId, professional, day, work.HoursPerDay[i]));
        }
        await consortium.CompleteRequestAsync(work.RequestId);
        await consortium.IssueStatementAsync(data.ClientId, YearMonth.Of(month));
    }

    /// <summary>Seed 004's story: the assembly's coordinator left two weeks before it; the consortium sends someone at once.</summary>
    private static async Task SeedAssemblyAsync(SeedData data, IConsortiumGrain consortium, IConsortiumClientGrain client, DateOnly today)
    {
        var assembly = data.Assembly;
        await client.SubmitRequestAsync(new ServiceRequestInput(
            assembly.RequestId, data.ConsortiumId, assembly.Field, assembly.Title, today.AddDays(assembly.DaysBeforeAssembly),
            ServiceRequestUrgency.Urgent, assembly.EstimatedHours));
        var professional = await AssignBestAsync(consortium, assembly.RequestId);
        await consortium.RecordTimeAsync(new TimeEntryInput(assembly.RequestId, professional, today, assembly.HoursToday));
    }

    private static async Task<string> AssignBestAsync(IConsortiumGrain consortium, string requestId)
    {
        var best = (await consortium.GetCandidatesAsync(requestId)).Candidates[0].ProfessionalId;
        await consortium.AssignAsync(requestId, best, null);
        return best;
    }

    /// <summary>
    /// The same people every run: for each field its count of professionals with that field first,
    /// a rate drawn in the field's range (to the quarter dollar), a weekly capacity, and for some a
    /// second field; names drawn without repeats from the given and family name lists.
    /// </summary>
    public static IReadOnlyList<GeneratedProfessional> GenerateProfessionals(SeedData data)
    {
        var random = SeedContext.RandomFor("consortium-professionals");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var professionals = new List<GeneratedProfessional>();
        foreach (var field in data.Fields)
        {
            for (var i = 0; i < field.Professionals; i++)
            {
                string name;
                do name = $"{data.GivenNames[random.Next(data.GivenNames.Count)]} {data.FamilyNames[random.Next(data.FamilyNames.Count)]}";
                while (!names.Add(name));

                var fields = new List<string> { field.Id };
                if (random.NextDouble() < data.SecondFieldShare)
                {
                    var others = data.Fields.Where(f => f.Id != field.Id).ToList();
                    fields.Add(others[random.Next(others.Count)].Id);
                }
                var quarters = (int)((field.RateMax - field.RateMin) * 4);
                var rate = field.RateMin + random.Next(quarters + 1) / 4m;
                var raised = Math.Round(rate * (1 + data.YearlyRaise), 2, MidpointRounding.AwayFromZero);
                var capacity = data.WeeklyCapacities[random.Next(data.WeeklyCapacities.Count)];
                professionals.Add(new GeneratedProfessional(Slug(name), name, fields, rate, raised, capacity));
            }
        }
        return professionals;
    }

    /// <summary>"Amélie Côté" → "amelie-cote": accents folded, so the id stays a valid slug.</summary>
    public static string Slug(string name)
    {
        var folded = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            folded.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }
        return Ids.Require(folded.ToString().Trim('-'), "professionalId");
    }

    public static async Task<SeedData> LoadAsync(string seedsPath, CancellationToken cancellationToken)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        PlatformJson.Configure(options);
        await using var file = File.OpenRead(Path.Combine(seedsPath, "consortium", "consortium.json"));
        return await JsonSerializer.DeserializeAsync<SeedData>(file, options, cancellationToken)
            ?? throw new InvalidDataException("seeds/consortium/consortium.json is empty.");
    }
}
