using Platform.Abstractions;

namespace Platform.Grains.Tests.Consortium;

public sealed class ServiceRequestTests
{
    private static async Task<ConsortiumWorld> ReadyAsync()
    {
        var world = await ConsortiumWorld.CreateAsync();
        await world.HireAsync("p1", 50m);
        await world.HireAsync("p2", 50m, 35m, "legal");
        await world.AgreeAsync();
        return world;
    }

    [Fact]
    public async Task ASubmittedRequestIsOpenInItsOwnGrainAndInTheConsortiumsBook()
    {
        await using var world = await ReadyAsync();

        var request = await world.SubmitAsync("r1", urgency: ServiceRequestUrgency.Urgent, estimate: 40m);

        Assert.Equal(ServiceRequestStatus.Open, request.Status);
        Assert.Equal((ConsortiumWorld.Client, "ag-1", ServiceRequestUrgency.Urgent, 40m), (request.ClientId, request.AgreementId, request.Urgency, request.EstimatedHours));
        Assert.Equal(request, await world.Request("r1").GetAsync());
        Assert.Equal([request], await world.Consortium.ListActiveRequestsAsync(null));
        Assert.Equal([request], await world.Consortium.ListActiveRequestsAsync(ConsortiumWorld.Client));
        Assert.Empty(await world.Consortium.ListActiveRequestsAsync(ConsortiumWorld.OtherClient));
    }

    [Fact]
    public async Task ARetriedSubmissionReturnsTheSameRequestButADifferentOneUnderItsIdIsAConflict()
    {
        await using var world = await ReadyAsync();
        var first = await world.SubmitAsync("r1");

        Assert.Equal(first, await world.SubmitAsync("r1"));
        await Assert.ThrowsAsync<ConflictException>(() => world.SubmitAsync("r1", "legal"));
        Assert.Single(await world.Consortium.ListActiveRequestsAsync(null));
    }

    [Fact]
    public async Task RequestsWithoutAnIdGetAGeneratedSlug()
    {
        await using var world = await ReadyAsync();
        var request = await world.Consortium.SubmitRequestAsync(ConsortiumWorld.Client,
            new ServiceRequestInput(null, ConsortiumWorld.ConsortiumId, "events", new LocalizedText("Assemblée", "Assembly"), world.Today.AddDays(3), ServiceRequestUrgency.Normal));
        Assert.True(Ids.IsValid(request.Id));
        Assert.StartsWith("sr-", request.Id);
    }

    [Fact]
    public async Task StatusMovesFromOpenToAssignedToDoneAndLeavesTheBook()
    {
        await using var world = await ReadyAsync();
        await world.SubmitAsync("r1");

        var assigned = await world.Consortium.AssignAsync("r1", "p1", 12m);
        Assert.Equal((ServiceRequestStatus.Assigned, "p1", 12m), (assigned.Status, assigned.ProfessionalId, assigned.EstimatedHours));
        Assert.Equal(world.Clock.GetUtcNow(), assigned.AssignedAt);

        var done = await world.Consortium.CompleteRequestAsync("r1");
        Assert.Equal(ServiceRequestStatus.Done, done.Status);
        Assert.Equal("p1", done.ProfessionalId);
        Assert.Empty(await world.Consortium.ListActiveRequestsAsync(null));
        Assert.Equal(done, await world.Request("r1").GetAsync());

        await Assert.ThrowsAsync<ConflictException>(() => world.Consortium.AssignAsync("r1", "p1", null));
        await Assert.ThrowsAsync<ConflictException>(() => world.Consortium.CancelRequestAsync("r1", null));
        await Assert.ThrowsAsync<ConflictException>(() => world.Consortium.CompleteRequestAsync("r1"));
    }

    [Fact]
    public async Task AnOpenRequestCannotBeDoneButCanBeCancelledByItsClient()
    {
        await using var world = await ReadyAsync();
        await world.SubmitAsync("r1");

        await Assert.ThrowsAsync<ConflictException>(() => world.Consortium.CompleteRequestAsync("r1"));
        await Assert.ThrowsAsync<NotFoundException>(() => world.Consortium.CancelRequestAsync("r1", ConsortiumWorld.OtherClient));
        Assert.Equal(ServiceRequestStatus.Open, (await world.Request("r1").GetAsync())!.Status);

        var cancelled = await world.Consortium.CancelRequestAsync("r1", ConsortiumWorld.Client);
        Assert.Equal(ServiceRequestStatus.Cancelled, cancelled.Status);
        Assert.Empty(await world.Consortium.ListActiveRequestsAsync(null));
    }

    [Fact]
    public async Task ReassigningMovesTheRequestToAnotherProfessional()
    {
        await using var world = await ReadyAsync();
        await world.HireAsync("p3", 50m);
        await world.AssignedAsync("r1", "p1");

        var moved = await world.Consortium.AssignAsync("r1", "p3", null);

        Assert.Equal("p3", moved.ProfessionalId);
        var candidates = await world.Consortium.GetCandidatesAsync("r1");
        Assert.All(candidates.Candidates, c => Assert.Equal(0, c.CurrentAssignments));
    }

    [Fact]
    public async Task OnlyAnActiveProfessionalOfTheFieldCanBeAssigned()
    {
        await using var world = await ReadyAsync();
        await world.Consortium.PutProfessionalAsync("gone", new ProfessionalInput("Gone", ["events"], 50m, 35m, Active: false));
        await world.SubmitAsync("r1");

        await Assert.ThrowsAsync<ConflictException>(() => world.Consortium.AssignAsync("r1", "p2", null));   // legal only
        await Assert.ThrowsAsync<ConflictException>(() => world.Consortium.AssignAsync("r1", "gone", null)); // inactive
        var unknown = await Assert.ThrowsAsync<ValidationFailedException>(() => world.Consortium.AssignAsync("r1", "nobody", null));
        Assert.Contains("professionalId", unknown.Errors.Keys);
        await Assert.ThrowsAsync<ValidationFailedException>(() => world.Consortium.AssignAsync("r1", "p1", 0m));
        await Assert.ThrowsAsync<NotFoundException>(() => world.Consortium.AssignAsync("nope", "p1", null));
        Assert.Equal(ServiceRequestStatus.Open, (await world.Request("r1").GetAsync())!.Status);
    }

    [Fact]
    public async Task RequestsOfTwoConsortiaWithTheSameIdsStayApart()
    {
        await using var world = await ReadyAsync();
        await world.CreateTenantAsync("conso-2", TenantKind.Consortium);
        var second = world.Runtime.Grains.GetGrain<IConsortiumGrain>("conso-2");
        await second.PutFieldAsync("events", new LocalizedText("Événements", "Events"));
        await second.OfferAgreementAsync(new AgreementInput("ag-9", ConsortiumWorld.Client, ["events"], new(2026, 1, 1), new(2026, 12, 31), AgreementAccess.None));
        await second.AcceptAgreementAsync("ag-9", ConsortiumWorld.Client);

        await world.SubmitAsync("r1");
        await second.SubmitRequestAsync(ConsortiumWorld.Client,
            new ServiceRequestInput("r1", "conso-2", "events", new LocalizedText("Autre titre", "Other title"), world.Today.AddDays(5), ServiceRequestUrgency.Normal));

        Assert.Equal("Request r1", Assert.Single(await world.Consortium.ListActiveRequestsAsync(null)).Title.En);
        Assert.Equal("Other title", Assert.Single(await second.ListActiveRequestsAsync(null)).Title.En);
        // A request addressed to one consortium cannot be slipped into another.
        await Assert.ThrowsAsync<ValidationFailedException>(() => second.SubmitRequestAsync(ConsortiumWorld.Client,
            new ServiceRequestInput("r2", ConsortiumWorld.ConsortiumId, "events", new LocalizedText("x", "x"), world.Today, ServiceRequestUrgency.Normal)));
    }

    public static TheoryData<string, ServiceRequestInput> BadRequests
    {
        get
        {
            var needBy = new DateOnly(2026, 3, 20);
            var T = new LocalizedText("Titre", "Title");
            const string c = ConsortiumWorld.ConsortiumId;
            return new()
            {
                { "id", new("A B", c, "events", T, needBy, ServiceRequestUrgency.Normal) },
                { "id", new("a/b", c, "events", T, needBy, ServiceRequestUrgency.Normal) },
                { "field", new("r", c, "..", T, needBy, ServiceRequestUrgency.Normal) },
                { "field", new("r", c, "cooking", T, needBy, ServiceRequestUrgency.Normal) },
                { "title", new("r", c, "events", new LocalizedText("   ", "Title"), needBy, ServiceRequestUrgency.Normal) },
                { "title", new("r", c, "events", new LocalizedText("Titre", new string('é', 10_000)), needBy, ServiceRequestUrgency.Normal) },
                { "title", new("r", c, "events", new LocalizedText("line\u0000break", "Title"), needBy, ServiceRequestUrgency.Normal) },
                { "needBy", new("r", c, "events", T, new DateOnly(1, 1, 1), ServiceRequestUrgency.Normal) },
                { "urgency", new("r", c, "events", T, needBy, (ServiceRequestUrgency)9) },
                { "estimatedHours", new("r", c, "events", T, needBy, ServiceRequestUrgency.Normal, -1m) },
                { "estimatedHours", new("r", c, "events", T, needBy, ServiceRequestUrgency.Normal, 1.234m) },
                { "consortiumId", new("r", "elsewhere", "events", T, needBy, ServiceRequestUrgency.Normal) },
            };
        }
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequestsAre400AndStoreNothing(string field, ServiceRequestInput input)
    {
        await using var world = await ReadyAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => world.Consortium.SubmitRequestAsync(ConsortiumWorld.Client, input));

        Assert.Contains(field, error.Errors.Keys);
        Assert.Empty(await world.Consortium.ListActiveRequestsAsync(null));
        Assert.Null(await world.Request("r").GetAsync());
    }

    [Fact]
    public async Task TheTitleIsRequiredInBothLanguages()
    {
        await using var world = await ReadyAsync();
        foreach (var title in new[] { new LocalizedText("Assemblée", ""), new LocalizedText("", "Assembly"), null })
        {
            var error = await Assert.ThrowsAsync<ValidationFailedException>(() => world.Consortium.SubmitRequestAsync(ConsortiumWorld.Client,
                new ServiceRequestInput("r1", ConsortiumWorld.ConsortiumId, "events", title!, world.Today, ServiceRequestUrgency.Urgent)));
            Assert.Contains("title", error.Errors.Keys);
        }
        Assert.Null(await world.Request("r1").GetAsync());
    }

    [Fact]
    public void ARequestStoredWithASingleLanguageTitleStillReadsWithThatTitleInBothLanguages()
    {
        // The shape the previous version stored: "title" as a plain string.
        const string stored = """
            {"request":{"id":"r1","consortiumId":"conso","clientId":"cqch","agreementId":"ag-1","field":"events",
            "title":"Coordination de l’assemblée","needBy":"2026-03-16","urgency":"urgent","estimatedHours":null,
            "status":"open","professionalId":null,"submittedAt":"2026-03-02T09:00:00+00:00"}}
            """;
        var state = PlatformStateSerializer.Instance.Deserialize<Platform.Grains.Consortium.ServiceRequestState>(BinaryData.FromString(stored));

        Assert.Equal(new LocalizedText("Coordination de l’assemblée", "Coordination de l’assemblée"), state.Request!.Title);
        // Written back, it is bilingual from then on, and reads back the same.
        var again = PlatformStateSerializer.Instance.Deserialize<Platform.Grains.Consortium.ServiceRequestState>(PlatformStateSerializer.Instance.Serialize(state));
        Assert.Equal(state.Request.Title, again.Request!.Title);
        Assert.Contains("\"title\":{\"fr\":", PlatformStateSerializer.Instance.Serialize(state).ToString());
    }

    [Fact]
    public async Task UnicodeTitlesAreKeptAsWritten()
    {
        await using var world = await ReadyAsync();
        var title = new LocalizedText("Coordination de l’assemblée générale — 🏠 coop d’habitation", "Coordinating the general assembly — 🏠 housing co-op");
        var request = await world.Consortium.SubmitRequestAsync(ConsortiumWorld.Client,
            new ServiceRequestInput("r1", ConsortiumWorld.ConsortiumId, "events", title, world.Today, ServiceRequestUrgency.Urgent));
        Assert.Equal(title, (await world.Request("r1").GetAsync())!.Title);
        Assert.Equal(title, request.Title);
    }
}
