using Microsoft.Extensions.DependencyInjection;
using Platform.Abstractions;
using Platform.Host.Configuration;
using Platform.Host.Seeding;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Consortium;

/// <summary>The consortium seed step on a fresh store, with the fixed tenant ids of seeds/tenants.json.</summary>
public sealed class ConsortiumSeedTests(PlatformApp app) : IClassFixture<PlatformApp>, IAsyncLifetime
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();
    private IConsortiumGrain Consortium => Grains.GetGrain<IConsortiumGrain>("consortium");
    private DateOnly Today => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
    private static string SeedsPath => SeedingSetup.FindSeedsFolder(new PlatformOptions())
        ?? throw new InvalidOperationException("seeds/ not found above the test binaries.");

    public async Task InitializeAsync()
    {
        // Once per fixture: the step is not meant to run twice on one store.
        if (await Grains.GetGrain<ITenantDirectoryGrain>(GrainKeys.Directory).ExistsAsync("consortium")) return;
        var context = new SeedContext(Grains, new BusinessClock(app.Clock), SeedsPath);
        await context.CreateTenantAsync("consortium", TenantKind.Consortium, new LocalizedText("Consortium", "Consortium"), "QC");
        await context.CreateTenantAsync("cqch", TenantKind.Federation, new LocalizedText("CQCH", "CQCH"), "QC");
        await new ConsortiumSeed().RunAsync(context, CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task EighteenBilingualFieldsAndAboutFiftyProfessionalsWithTwoRateStepsEach()
    {
        var fields = await Consortium.ListFieldsAsync();
        Assert.Equal(18, fields.Count);
        Assert.All(fields, f => Assert.False(string.IsNullOrWhiteSpace(f.Name.Fr) || string.IsNullOrWhiteSpace(f.Name.En)));

        var professionals = await Consortium.ListProfessionalsAsync();
        Assert.InRange(professionals.Count, 45, 55);
        Assert.All(professionals, p => Assert.Equal(2, p.RateHistory.Count));
        Assert.All(professionals, p => Assert.True(p.RateHistory[1].Rate > p.RateHistory[0].Rate));
        Assert.Equal(fields.Select(f => f.Id).Order(), professionals.Select(p => p.Fields[0]).Distinct().Order());
    }

    [Fact]
    public async Task GenerationIsTheSameEveryRun()
    {
        var data = await ConsortiumSeed.LoadAsync(SeedsPath, CancellationToken.None);
        var first = ConsortiumSeed.GenerateProfessionals(data);
        var second = ConsortiumSeed.GenerateProfessionals(data);
        Assert.Equal(first.Select(p => (p.Id, p.InitialRate, p.WeeklyCapacity, string.Join(',', p.Fields))),
            second.Select(p => (p.Id, p.InitialRate, p.WeeklyCapacity, string.Join(',', p.Fields))));
        Assert.Equal(first.Count, first.Select(p => p.Id).Distinct().Count());
        Assert.All(first, p => Assert.True(Ids.IsValid(p.Id)));
    }

    [Fact]
    public async Task CqchAcceptedAReadAgreementInForceToday()
    {
        var agreement = Assert.Single(await Grains.GetGrain<IServiceAgreementsGrain>("cqch").ListAsync());
        Assert.Equal(("consortium", AgreementStatus.Accepted, AgreementAccess.Read), (agreement.ConsortiumId, agreement.Status, agreement.Access));
        Assert.True(agreement.IsInForceAt(app.Clock.GetUtcNow()));
        Assert.Contains("events", agreement.Fields);
    }

    [Fact]
    public async Task TheUrgentAssemblyRequestIsAssignedWithTodaysHoursTwoWeeksBeforeTheAssembly()
    {
        var request = (await Grains.GetGrain<IServiceRequestGrain>("consortium/cqch-assemblee-generale").GetAsync())!;
        Assert.Equal((ServiceRequestUrgency.Urgent, ServiceRequestStatus.Assigned, "events"), (request.Urgency, request.Status, request.Field));
        Assert.Equal(Today.AddDays(14), request.NeedBy);
        var assignee = await Consortium.GetProfessionalAsync(request.ProfessionalId!);
        Assert.Equal("events", assignee.Fields[0]);

        var entries = await Consortium.ListTimeEntriesAsync(YearMonth.Of(Today), new TimeEntryFilter(RequestId: request.Id));
        Assert.Equal(request.ProfessionalId, Assert.Single(entries).ProfessionalId);
    }

    [Fact]
    public async Task LastMonthsStatementIsIssuedAndTheYearRecoversItsCostExactly()
    {
        var month = YearMonth.Of(Today.AddMonths(-1));
        var statement = await Consortium.GetStatementAsync("cqch", month);

        Assert.Equal(StatementStatus.Issued, statement.Status);
        Assert.NotEmpty(statement.Lines);
        Assert.Equal(statement.Lines.Sum(l => l.Amount), statement.Total);
        Assert.All(statement.Lines, l => Assert.Equal(Math.Round(l.Hours * l.Rate, 2, MidpointRounding.AwayFromZero), l.Amount));

        var year = await Consortium.GetCostRecoveryAsync(month.Year);
        var cqch = year.Clients.Single(c => c.ClientId == "cqch");
        Assert.Equal(statement.Total, cqch.Billed);
        Assert.Equal(0m, cqch.Difference);
        Assert.Equal(cqch.Cost, cqch.Billed + cqch.Unbilled);
    }
}
