using Platform.Abstractions;
using Platform.Testing;

namespace Platform.Grains.Tests.Consortium;

/// <summary>
/// A two-silo cluster on a memory store with the clock on Monday 2 March 2026, two client federations
/// (<c>cqch</c>, <c>other-fed</c>), and a consortium <c>conso</c> with three fields. Nothing else:
/// each test adds what its rule needs, through the same grain calls the gateway makes.
/// </summary>
public sealed class ConsortiumWorld : IAsyncDisposable
{
    public const string ConsortiumId = "conso";
    public const string Client = "cqch";
    public const string OtherClient = "other-fed";

    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private ConsortiumWorld(PlatformTestCluster runtime) => Runtime = runtime;

    public PlatformTestCluster Runtime { get; }
    public ManualTimeProvider Clock => Runtime.Clock;
    public IConsortiumGrain Consortium => Runtime.Grains.GetGrain<IConsortiumGrain>(ConsortiumId);

    public static async Task<ConsortiumWorld> CreateAsync()
    {
        var world = new ConsortiumWorld(await PlatformTestCluster.StartAsync(clock: new ManualTimeProvider(Start)));
        await world.CreateTenantAsync(ConsortiumId, TenantKind.Consortium);
        await world.CreateTenantAsync(Client, TenantKind.Federation);
        await world.CreateTenantAsync(OtherClient, TenantKind.Federation);
        await world.Consortium.PutFieldAsync("events", new LocalizedText("Événements", "Events"));
        await world.Consortium.PutFieldAsync("legal", new LocalizedText("Services juridiques", "Legal services"));
        await world.Consortium.PutFieldAsync("web", new LocalizedText("Développement Web", "Web development"));
        return world;
    }

    public Task CreateTenantAsync(string id, TenantKind kind) =>
        Runtime.Grains.GetGrain<ITenantGrain>(id).CreateAsync(kind, new LocalizedText(id, id), null);

    public IServiceAgreementsGrain AgreementsOf(string clientId) => Runtime.Grains.GetGrain<IServiceAgreementsGrain>(clientId);

    public IServiceRequestGrain Request(string requestId) =>
        Runtime.Grains.GetGrain<IServiceRequestGrain>(Ids.Key(ConsortiumId, requestId));

    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    public Task<Professional> HireAsync(string id, decimal rate, decimal capacity = 35m, params string[] fields) =>
        Consortium.PutProfessionalAsync(id, new ProfessionalInput($"Pro {id}", fields.Length == 0 ? ["events"] : fields, rate, capacity));

    /// <summary>Offers and accepts an agreement (2026 by default) with <paramref name="clientId"/>.</summary>
    public async Task<Agreement> AgreeAsync(
        string id = "ag-1", string clientId = Client, AgreementAccess access = AgreementAccess.Read,
        DateOnly? startsOn = null, DateOnly? endsOn = null, params string[] fields)
    {
        await Consortium.OfferAgreementAsync(new AgreementInput(id, clientId,
            fields.Length == 0 ? ["events", "legal"] : fields,
            startsOn ?? new DateOnly(2026, 1, 1), endsOn ?? new DateOnly(2026, 12, 31), access));
        return await Consortium.AcceptAgreementAsync(id, clientId);
    }

    public Task<ServiceRequest> SubmitAsync(
        string id, string field = "events", string clientId = Client, DateOnly? needBy = null,
        ServiceRequestUrgency urgency = ServiceRequestUrgency.Normal, decimal? estimate = null) =>
        Consortium.SubmitRequestAsync(clientId,
            new ServiceRequestInput(id, ConsortiumId, field, new LocalizedText($"Demande {id}", $"Request {id}"), needBy ?? Today.AddDays(14), urgency, estimate));

    /// <summary>Submits a request and assigns it: the usual setup before recording time.</summary>
    public async Task<ServiceRequest> AssignedAsync(string id, string professionalId, string field = "events", string clientId = Client, decimal? estimate = null)
    {
        await SubmitAsync(id, field, clientId, estimate: estimate);
        return await Consortium.AssignAsync(id, professionalId, null);
    }

    public Task<TimeEntry> RecordAsync(string requestId, string professionalId, DateOnly on, decimal hours) =>
        Consortium.RecordTimeAsync(new TimeEntryInput(requestId, professionalId, on, hours));

    public void AdvanceTo(DateOnly day) =>
        Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));

    /// <summary>
    /// Records holding lists compare by reference, and every answer is a copy made by the cluster's
    /// serializer: compare what a client would see instead.
    /// </summary>
    public static void AssertSame<T>(T expected, T actual) =>
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected), System.Text.Json.JsonSerializer.Serialize(actual));

    public ValueTask DisposeAsync() => Runtime.DisposeAsync();
}
