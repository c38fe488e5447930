using Platform.Abstractions;

namespace Platform.Grains.Tests.Consortium;

public sealed class ProfessionalTests
{
    private static ProfessionalInput Input(decimal rate = 50m, DateOnly? from = null, bool active = true, decimal capacity = 35m, string name = "Marie Tremblay", params string[] fields) =>
        new(name, fields.Length == 0 ? ["events", "web"] : fields, rate, capacity, active, from);

    [Fact]
    public async Task ANewProfessionalStartsWithOneRateStepFromTodayAndKeepsTheOrderOfTheirFields()
    {
        await using var world = await ConsortiumWorld.CreateAsync();

        var p = await world.Consortium.PutProfessionalAsync("marie", Input(fields: ["web", "events"]));

        Assert.Equal(50m, p.CostRate);
        Assert.Equal([new RateChange(world.Today, 50m)], p.RateHistory);
        Assert.Equal(["web", "events"], p.Fields);
        var read = await world.Consortium.GetProfessionalAsync("marie");
        Assert.Equal((p.Name, p.CostRate, p.WeeklyCapacity, p.Active), (read.Name, read.CostRate, read.WeeklyCapacity, read.Active));
        Assert.Equal(p.RateHistory, read.RateHistory);
    }

    [Fact]
    public async Task ReplacingWithTheSameRateAddsNoStepButANewRateDoesFromItsDate()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.Consortium.PutProfessionalAsync("marie", Input());
        world.Clock.Advance(TimeSpan.FromDays(10));

        Assert.Single((await world.Consortium.PutProfessionalAsync("marie", Input(capacity: 28m))).RateHistory);
        var raised = await world.Consortium.PutProfessionalAsync("marie", Input(rate: 52.5m));

        Assert.Equal([new RateChange(new DateOnly(2026, 3, 2), 50m), new RateChange(new DateOnly(2026, 3, 12), 52.5m)], raised.RateHistory);
        Assert.Equal((52.5m, 35m), (raised.CostRate, raised.WeeklyCapacity));
    }

    [Fact]
    public async Task AScheduledRaiseTakesEffectOnItsDayAndASameDayCorrectionReplacesIt()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.Consortium.PutProfessionalAsync("marie", Input());
        var april = new DateOnly(2026, 4, 1);

        await world.Consortium.PutProfessionalAsync("marie", Input(rate: 55m, from: april));
        Assert.Equal(50m, (await world.Consortium.GetProfessionalAsync("marie")).CostRate);
        var corrected = await world.Consortium.PutProfessionalAsync("marie", Input(rate: 54m, from: april));
        Assert.Equal(2, corrected.RateHistory.Count);

        world.AdvanceTo(april);
        Assert.Equal(54m, (await world.Consortium.GetProfessionalAsync("marie")).CostRate);
    }

    [Fact]
    public async Task ProfessionalsAreListedByIdAndUnknownOnesAre404()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.Consortium.PutProfessionalAsync("zoe", Input());
        await world.Consortium.PutProfessionalAsync("alex", Input(active: false));

        Assert.Equal(["alex", "zoe"], (await world.Consortium.ListProfessionalsAsync()).Select(p => p.Id));
        Assert.False((await world.Consortium.GetProfessionalAsync("alex")).Active);
        await Assert.ThrowsAsync<NotFoundException>(() => world.Consortium.GetProfessionalAsync("nobody"));
    }

    public static TheoryData<string, string, ProfessionalInput> BadProfessionals => new()
    {
        { "professionalId", "Marie", Input() },
        { "professionalId", "a/b", Input() },
        { "professionalId", new string('m', 64), Input() },
        { "name", "marie", Input(name: " ") },
        { "name", "marie", Input(name: new string('x', 10_000)) },
        { "fields", "marie", new ProfessionalInput("Marie", [], 50m, 35m) },
        { "fields", "marie", Input(fields: "cooking") },
        { "fields", "marie", Input(fields: ["web", "web"]) },
        { "fields", "marie", Input(fields: "Web") },
        { "costRate", "marie", Input(rate: 0m) },
        { "costRate", "marie", Input(rate: -45m) },
        { "costRate", "marie", Input(rate: 45.005m) },
        { "costRate", "marie", Input(rate: 1_000.01m) },
        { "weeklyCapacity", "marie", Input(capacity: 0m) },
        { "weeklyCapacity", "marie", Input(capacity: 80.5m) },
        { "rateEffectiveFrom", "marie", Input(from: new DateOnly(1970, 1, 1)) },
    };

    [Theory]
    [MemberData(nameof(BadProfessionals))]
    public async Task BadProfessionalsAre400AndStoreNothing(string field, string id, ProfessionalInput input)
    {
        await using var world = await ConsortiumWorld.CreateAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => world.Consortium.PutProfessionalAsync(id, input));

        Assert.Contains(field, error.Errors.Keys);
        Assert.Empty(await world.Consortium.ListProfessionalsAsync());
    }

    private static Task<string> JoinAsync(ConsortiumWorld world, string tenantId, string name) =>
        Governance.SeatHolderTests.JoinAsync(world.Runtime, tenantId, name);

    [Fact]
    public async Task APersonOfTheConsortiumIsLinkedToOneProfessionalAndTheLinkOutlivesAReplacement()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.Consortium.PutProfessionalAsync("marie", Input());
        await world.Consortium.PutProfessionalAsync("zoe", Input(name: "Zoé Gagnon"));
        var camille = await JoinAsync(world, ConsortiumWorld.ConsortiumId, "Camille Pro");

        Assert.Equal(camille, (await world.Consortium.LinkPersonAsync("marie", camille)).PersonId);
        Assert.Equal(camille, (await world.Consortium.LinkPersonAsync("marie", camille)).PersonId); // again: harmless

        // One person is one professional at most: linking them to another is a conflict, nothing moves.
        await Assert.ThrowsAsync<ConflictException>(() => world.Consortium.LinkPersonAsync("zoe", camille));
        Assert.Null((await world.Consortium.GetProfessionalAsync("zoe")).PersonId);

        // A new rate replaces the professional: the link stays.
        Assert.Equal(camille, (await world.Consortium.PutProfessionalAsync("marie", Input(rate: 55m))).PersonId);

        // Unlinked, the person is free for another professional.
        Assert.Null((await world.Consortium.LinkPersonAsync("marie", null)).PersonId);
        Assert.Equal(camille, (await world.Consortium.LinkPersonAsync("zoe", camille)).PersonId);
        Assert.Equal([null, camille], (await world.Consortium.ListProfessionalsAsync()).Select(p => p.PersonId));
    }

    [Fact]
    public async Task OnlyAPersonOfThisConsortiumCanBeLinkedAndAnUnknownProfessionalIs404()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.Consortium.PutProfessionalAsync("marie", Input());
        var ofTheClient = await JoinAsync(world, ConsortiumWorld.Client, "Personne du client");
        var camille = await JoinAsync(world, ConsortiumWorld.ConsortiumId, "Camille Pro");

        foreach (var personId in new[] { ofTheClient, "p-inconnue", "../x", "P" })
        {
            var error = await Assert.ThrowsAsync<ValidationFailedException>(() => world.Consortium.LinkPersonAsync("marie", personId));
            Assert.Equal("personId", error.Errors.Keys.Single());
        }
        await Assert.ThrowsAsync<NotFoundException>(() => world.Consortium.LinkPersonAsync("nobody", camille));
        await Assert.ThrowsAsync<NotFoundException>(() => world.Consortium.LinkPersonAsync("nobody", null));
        Assert.Null((await world.Consortium.GetProfessionalAsync("marie")).PersonId);
    }

    [Fact]
    public async Task FieldsAreBilingualSlugsAndReplacingOneKeepsASingleEntry()
    {
        await using var world = await ConsortiumWorld.CreateAsync();

        await world.Consortium.PutFieldAsync("events", new LocalizedText("Organisation d’événements", "Event planning"));

        var fields = await world.Consortium.ListFieldsAsync();
        Assert.Equal(["events", "legal", "web"], fields.Select(f => f.Id));
        Assert.Equal("Event planning", fields[0].Name.En);
        await Assert.ThrowsAsync<ValidationFailedException>(() => world.Consortium.PutFieldAsync("Bad", new LocalizedText("a", "b")));
        await Assert.ThrowsAsync<ValidationFailedException>(() => world.Consortium.PutFieldAsync("hr", new LocalizedText("RH", " ")));
        await Assert.ThrowsAsync<ValidationFailedException>(() => world.Consortium.PutFieldAsync("hr", new LocalizedText(new string('x', 201), "HR")));
        Assert.Equal(3, (await world.Consortium.ListFieldsAsync()).Count);
    }
}
