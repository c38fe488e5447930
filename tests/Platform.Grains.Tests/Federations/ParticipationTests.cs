using Platform.Abstractions;
using static Platform.Grains.Tests.Federations.FederationWorld;

namespace Platform.Grains.Tests.Federations;

public sealed class ParticipationTests
{
    private static readonly StatisticsPeriod Year2024 = new(new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31));

    [Fact]
    public async Task ParticipationRateIsParticipatingActiveMembersOverActiveMembers()
    {
        // Rule 1 with the seed network's figures: 114 of 125 members took part → 91.2 %.
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        for (var i = 1; i <= 125; i++) await federation.AddMemberAsync(Member($"m{i:D3}"));
        await federation.AddActivityAsync(FederationActivity("training", ActivityKind.Training, new DateOnly(2024, 3, 1)));
        await federation.AddActivityAsync(FederationActivity("courtepointe", ActivityKind.PeerMeeting, new DateOnly(2024, 5, 1)));
        await federation.RecordParticipantsAsync("training", [.. Enumerable.Range(1, 80).Select(i => $"m{i:D3}")]);
        // Overlapping on purpose: a member at two activities counts once.
        await federation.RecordParticipantsAsync("courtepointe", [.. Enumerable.Range(60, 55).Select(i => $"m{i:D3}")]);

        var participation = (await federation.GetStatisticsAsync(Year2024)).Participation;

        Assert.Equal(125, participation.ActiveMembers);
        Assert.Equal(114, participation.ParticipatingMembers);
        Assert.Equal(0.912m, participation.Rate);
    }

    [Fact]
    public async Task WithdrawnMemberIsNotCountedAsActiveNorAsParticipating()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        foreach (var id in new[] { "m1", "m2", "m3", "m4" }) await federation.AddMemberAsync(Member(id));
        await federation.AddActivityAsync(FederationActivity("a1", ActivityKind.Training, new DateOnly(2024, 3, 1)));
        await federation.RecordParticipantsAsync("a1", ["m1", "m4"]);
        await federation.WithdrawMemberAsync("m4", new DateOnly(2024, 6, 1));

        var statistics = await federation.GetStatisticsAsync(Year2024);

        Assert.Equal(3, statistics.Members.Active);
        Assert.Equal(1, statistics.Members.Withdrawn);
        Assert.Equal(1, statistics.Participation.ParticipatingMembers);
        Assert.Equal(0.3333m, statistics.Participation.Rate);
    }

    [Fact]
    public async Task ParticipationOutsideThePeriodDoesNotCount()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("m1"));
        await federation.AddMemberAsync(Member("m2"));
        await federation.AddActivityAsync(FederationActivity("old", ActivityKind.Training, new DateOnly(2023, 12, 31)));
        await federation.AddActivityAsync(FederationActivity("new", ActivityKind.Training, new DateOnly(2025, 1, 1)));
        await federation.RecordParticipantsAsync("old", ["m1"]);
        await federation.RecordParticipantsAsync("new", ["m2"]);

        Assert.Equal(0, (await federation.GetStatisticsAsync(Year2024)).Participation.ParticipatingMembers);
        Assert.Equal(2, (await federation.GetStatisticsAsync(StatisticsPeriod.AllTime)).Participation.ParticipatingMembers);
        Assert.Equal(0m, (await federation.GetStatisticsAsync(Year2024)).Participation.Rate);
    }

    [Fact]
    public async Task RateWithoutActiveMembersIsZero()
    {
        await using var world = await CreateAsync();
        var statistics = await world.Federation("empty").GetStatisticsAsync(StatisticsPeriod.AllTime);
        Assert.Equal(0, statistics.Participation.ActiveMembers);
        Assert.Equal(0m, statistics.Participation.Rate);
    }

    [Fact]
    public async Task OneUnknownMemberRefusesTheWholeCallAndRecordsNothing()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("m1"));
        await federation.AddMemberAsync(Member("m2"));
        await federation.AddActivityAsync(FederationActivity("a1", ActivityKind.Training, new DateOnly(2024, 3, 1)));
        var storedBefore = (await world.StoredAsync("reseau")).Select(s => s.Json).ToList();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => federation.RecordParticipantsAsync("a1", ["m1", "ghost", "m2"]));

        Assert.Contains("ghost", error.Message);
        Assert.Empty((await federation.GetActivityAsync("a1")).Participants);
        Assert.Empty((await federation.GetMemberAsync("m1")).Participations!);
        Assert.Equal(storedBefore, (await world.StoredAsync("reseau")).Select(s => s.Json));
    }

    [Theory]
    [InlineData("")]
    [InlineData("m1,..")]
    [InlineData("m1,a/b")]
    public async Task EmptyOrInvalidMemberIdsAreRefused(string joined)
    {
        var memberIds = joined.Split(',', StringSplitOptions.RemoveEmptyEntries);
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("m1"));
        await federation.AddActivityAsync(FederationActivity("a1", ActivityKind.Training, new DateOnly(2024, 3, 1)));

        await Assert.ThrowsAsync<ValidationFailedException>(() => federation.RecordParticipantsAsync("a1", memberIds));
        await Assert.ThrowsAsync<ValidationFailedException>(() => federation.RecordParticipantsAsync("a1", null));
        Assert.Empty((await federation.GetActivityAsync("a1")).Participants);
    }

    [Fact]
    public async Task ParticipantsOfAnUnknownActivityIsNotFound()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("m1"));
        await Assert.ThrowsAsync<NotFoundException>(() => federation.RecordParticipantsAsync("ghost", ["m1"]));
    }

    [Fact]
    public async Task RecordingTheSameParticipantsAgainChangesNothing()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("m1"));
        await federation.AddMemberAsync(Member("m2"));
        await federation.AddActivityAsync(FederationActivity("a1", ActivityKind.Advisory, new DateOnly(2024, 3, 1)));

        await federation.RecordParticipantsAsync("a1", ["m1", "m1"]);
        var again = await federation.RecordParticipantsAsync("a1", ["m1", "m2"]);

        Assert.Equal(["m1", "m2"], again.Participants);
        Assert.Single((await federation.GetMemberAsync("m1")).Participations!);
    }

    public static TheoryData<string, NewActivity> InvalidActivities => new()
    {
        { "kind", new NewActivity("a1", null, new LocalizedText("f", "e"), new DateOnly(2024, 1, 1)) },
        { "kind", new NewActivity("a1", (ActivityKind)77, new LocalizedText("f", "e"), new DateOnly(2024, 1, 1)) },
        { "title", new NewActivity("a1", ActivityKind.Training, null, new DateOnly(2024, 1, 1)) },
        { "title", new NewActivity("a1", ActivityKind.Training, new LocalizedText("f", ""), new DateOnly(2024, 1, 1)) },
        { "on", new NewActivity("a1", ActivityKind.Training, new LocalizedText("f", "e"), null) },
        { "on", new NewActivity("a1", ActivityKind.Training, new LocalizedText("f", "e"), new DateOnly(1000, 1, 1)) },
        { "region", new NewActivity("a1", ActivityKind.Training, new LocalizedText("f", "e"), new DateOnly(2024, 1, 1), Region: "Montréal") },
        { "audience", new NewActivity("a1", ActivityKind.Screening, new LocalizedText("f", "e"), new DateOnly(2024, 1, 1), Audience: -5) },
        { "programmeId", new NewActivity("a1", ActivityKind.Pathway, new LocalizedText("f", "e"), new DateOnly(2024, 1, 1), ProgrammeId: "none") },
        { "id", new NewActivity("A1", ActivityKind.Training, new LocalizedText("f", "e"), new DateOnly(2024, 1, 1)) },
    };

    [Theory]
    [MemberData(nameof(InvalidActivities))]
    public async Task InvalidActivityIsRefusedAndNothingIsStored(string field, NewActivity activity)
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => federation.AddActivityAsync(activity));

        Assert.Contains(field, error.Errors.Keys);
        Assert.Empty(await federation.ListActivitiesAsync(StatisticsPeriod.AllTime));
        Assert.Empty(await world.StoredAsync("reseau"));
    }

    [Fact]
    public async Task ActivityWithoutIdGetsOneAndDuplicateIdIsAConflict()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");

        var generated = await federation.AddActivityAsync(FederationActivity(null!, ActivityKind.Networking, new DateOnly(2024, 1, 1)));
        await federation.AddActivityAsync(FederationActivity("a1", ActivityKind.Networking, new DateOnly(2024, 1, 1)));

        Assert.True(Ids.IsValid(generated.Id));
        await Assert.ThrowsAsync<ConflictException>(() => federation.AddActivityAsync(FederationActivity("a1", ActivityKind.Training, new DateOnly(2024, 2, 1))));
        Assert.Equal(ActivityKind.Networking, (await federation.GetActivityAsync("a1")).Kind);
    }

    [Fact]
    public async Task ActivitiesListInDateOrderWithinAPeriod()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddActivityAsync(FederationActivity("late", ActivityKind.Training, new DateOnly(2024, 9, 1)));
        await federation.AddActivityAsync(FederationActivity("early", ActivityKind.Training, new DateOnly(2024, 2, 1)));
        await federation.AddActivityAsync(FederationActivity("before", ActivityKind.Training, new DateOnly(2023, 2, 1)));

        var listed = await federation.ListActivitiesAsync(Year2024);

        Assert.Equal(["early", "late"], listed.Select(a => a.Id));
        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            federation.ListActivitiesAsync(new StatisticsPeriod(new DateOnly(2025, 1, 1), new DateOnly(2024, 1, 1))));
    }
}
