using Platform.Abstractions;
using static Platform.Grains.Tests.Federations.FederationWorld;

namespace Platform.Grains.Tests.Federations;

/// <summary>DOMAIN.md rule 9: records can be corrected, and corrections are checked. Statistics follow every correction at once.</summary>
public sealed class CorrectionTests
{
    private static readonly DateOnly Day = Today.AddMonths(-2);
    private static readonly StatisticsPeriod LastYear = new(Today.AddYears(-1), Today);

    private static async Task<IFederationGrain> FederationWithTwoParticipantsAsync(FederationWorld world, string id = "reseau")
    {
        var federation = world.Federation(id);
        foreach (var m in new[] { "m1", "m2", "m3" }) await federation.AddMemberAsync(Member(m));
        await federation.AddActivityAsync(FederationActivity("a1", ActivityKind.Training, Day));
        await federation.RecordParticipantsAsync("a1", ["m1", "m2"]);
        return federation;
    }

    [Fact]
    public async Task EditedActivityChangesOnTheActivityOnItsParticipantsAndInStatistics()
    {
        await using var world = await CreateAsync();
        var federation = await FederationWithTwoParticipantsAsync(world);
        var moved = Today.AddYears(-2);

        var edited = await federation.UpdateActivityAsync("a1", new ActivityPatch
        {
            Kind = ActivityKind.Conference,
            Title = new LocalizedText("Colloque", "Symposium"),
            On = moved,
            Audience = 120,
        });

        Assert.Equal(ActivityKind.Conference, edited.Kind);
        Assert.Equal("Colloque", (await federation.GetActivityAsync("a1")).Title.Fr);
        Assert.Equal(["m1", "m2"], edited.Participants);
        var participation = Assert.Single((await federation.GetMemberAsync("m1")).Participations!);
        Assert.Equal((ActivityKind.Conference, moved), (participation.Kind, participation.On));
        var statistics = await federation.GetStatisticsAsync(LastYear);
        Assert.Equal(0, statistics.Participation.ParticipatingMembers);
        Assert.Equal(0, statistics.Participation.ActivitiesByKind.GetValueOrDefault("conference"));
        Assert.Equal(2, (await federation.GetStatisticsAsync(StatisticsPeriod.AllTime)).Participation.ParticipatingMembers);
    }

    [Fact]
    public async Task AbsentFieldsOfAnActivityPatchStayAndNullClearsAnOptionalOne()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddActivityAsync(new NewActivity("a1", ActivityKind.Screening, new LocalizedText("Projection", "Screening"), Day, "06", 80));

        var edited = await federation.UpdateActivityAsync("a1", new ActivityPatch { Region = new Optional<string?>(null) });

        Assert.Null(edited.Region);
        Assert.Equal(80, edited.Audience);
        Assert.Equal(Day, edited.On);
        Assert.Equal("Projection", edited.Title.Fr);
    }

    [Theory]
    [InlineData("kind")]
    [InlineData("title")]
    [InlineData("on")]
    [InlineData("region")]
    [InlineData("audience")]
    public async Task InvalidActivityCorrectionIsRefusedAndNothingChanges(string field)
    {
        await using var world = await CreateAsync();
        var federation = await FederationWithTwoParticipantsAsync(world);
        var storedBefore = (await world.StoredAsync("reseau")).Select(s => s.Json).ToList();
        var patch = field switch
        {
            "kind" => new ActivityPatch { Kind = new Optional<ActivityKind?>(null) },
            "title" => new ActivityPatch { Title = new LocalizedText("Titre", " ") },
            "on" => new ActivityPatch { On = new DateOnly(1000, 1, 1) },
            "region" => new ActivityPatch { Region = "Laval" },
            _ => new ActivityPatch { Audience = -3 },
        };

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => federation.UpdateActivityAsync("a1", patch));

        Assert.Contains(field, error.Errors.Keys);
        Assert.Equal(storedBefore, (await world.StoredAsync("reseau")).Select(s => s.Json));
    }

    [Fact]
    public async Task MovingAnActivityToADayItsParticipantsWereNotActiveIsAConflictNamingThem()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("old", joinedOn: Today.AddYears(-5)));
        await federation.AddMemberAsync(Member("recent", joinedOn: Today.AddMonths(-3)));
        await federation.AddActivityAsync(FederationActivity("a1", ActivityKind.Training, Day));
        await federation.RecordParticipantsAsync("a1", ["old", "recent"]);
        var storedBefore = (await world.StoredAsync("reseau")).Select(s => s.Json).ToList();

        var refused = await Assert.ThrowsAsync<ParticipationRefusedException>(() => federation.UpdateActivityAsync("a1", new ActivityPatch { On = Today.AddYears(-1) }));
        Assert.Equal(ParticipationRefusal.NotActiveOnDate, refused.Reason);
        Assert.Equal(["recent"], refused.MemberIds);

        var future = await Assert.ThrowsAsync<ParticipationRefusedException>(() => federation.UpdateActivityAsync("a1", new ActivityPatch { On = Today.AddDays(7) }));
        Assert.Equal(ParticipationRefusal.ActivityInFuture, future.Reason);
        Assert.Equal(["old", "recent"], future.MemberIds);

        Assert.Equal(Day, (await federation.GetActivityAsync("a1")).On);
        Assert.Equal(storedBefore, (await world.StoredAsync("reseau")).Select(s => s.Json));
    }

    [Fact]
    public async Task DeletedActivityLeavesItsParticipantsAndTheStatistics()
    {
        await using var world = await CreateAsync();
        var federation = await FederationWithTwoParticipantsAsync(world);
        Assert.Equal(2, (await federation.GetStatisticsAsync(LastYear)).Participation.ParticipatingMembers);

        await federation.DeleteActivityAsync("a1");

        await Assert.ThrowsAsync<NotFoundException>(() => federation.GetActivityAsync("a1"));
        Assert.Empty((await federation.GetMemberAsync("m1")).Participations!);
        var statistics = await federation.GetStatisticsAsync(LastYear);
        Assert.Equal(0, statistics.Participation.ParticipatingMembers);
        Assert.Equal(0, statistics.Participation.ActivitiesByKind.GetValueOrDefault("training"));
        await Assert.ThrowsAsync<NotFoundException>(() => federation.DeleteActivityAsync("a1"));
        // The id is free again.
        await federation.AddActivityAsync(FederationActivity("a1", ActivityKind.Advisory, Day));
        Assert.Empty((await federation.GetActivityAsync("a1")).Participants);
    }

    [Fact]
    public async Task RemovedParticipantLeavesTheActivityItsTimelineAndTheRate()
    {
        await using var world = await CreateAsync();
        var federation = await FederationWithTwoParticipantsAsync(world);

        var activity = await federation.RemoveParticipantAsync("a1", "m2");

        Assert.Equal(["m1"], activity.Participants);
        Assert.Empty((await federation.GetMemberAsync("m2")).Participations!);
        Assert.Single((await federation.GetMemberAsync("m1")).Participations!);
        var participation = (await federation.GetStatisticsAsync(LastYear)).Participation;
        Assert.Equal((3, 1), (participation.ActiveMembers, participation.ParticipatingMembers));
        await Assert.ThrowsAsync<NotFoundException>(() => federation.RemoveParticipantAsync("a1", "m2"));
        await Assert.ThrowsAsync<NotFoundException>(() => federation.RemoveParticipantAsync("a1", "m3"));
        await Assert.ThrowsAsync<NotFoundException>(() => federation.RemoveParticipantAsync("ghost", "m1"));
    }

    [Fact]
    public async Task ParticipantNotYetAMemberOnTheDayIsAConflictNamingItAndNothingIsRecorded()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("early", joinedOn: Today.AddYears(-3)));
        await federation.AddMemberAsync(Member("late", joinedOn: Today.AddDays(-10)));
        await federation.AddMemberAsync(Member("gone", joinedOn: Today.AddYears(-3)));
        await federation.WithdrawMemberAsync("gone", Day.AddDays(-1));
        await federation.AddActivityAsync(FederationActivity("a1", ActivityKind.Training, Day));
        var storedBefore = (await world.StoredAsync("reseau")).Select(s => s.Json).ToList();

        var refused = await Assert.ThrowsAsync<ParticipationRefusedException>(() => federation.RecordParticipantsAsync("a1", ["early", "late", "gone"]));

        Assert.IsAssignableFrom<ConflictException>(refused);
        Assert.Equal(ParticipationRefusal.NotActiveOnDate, refused.Reason);
        Assert.Equal(["late", "gone"], refused.MemberIds);
        Assert.Contains("late", refused.Message);
        Assert.Contains("gone", refused.Message);
        Assert.DoesNotContain("early", refused.Message);
        Assert.Empty((await federation.GetActivityAsync("a1")).Participants);
        Assert.Empty((await federation.GetMemberAsync("early")).Participations!);
        Assert.Equal(storedBefore, (await world.StoredAsync("reseau")).Select(s => s.Json));
    }

    [Fact]
    public async Task WithdrawalTakesEffectOnItsDateForParticipations()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("m1", joinedOn: Day));
        await federation.AddActivityAsync(FederationActivity("joining-day", ActivityKind.Training, Day));
        await federation.AddActivityAsync(FederationActivity("leaving-day", ActivityKind.Training, Day.AddDays(10)));
        await federation.WithdrawMemberAsync("m1", Day.AddDays(10));

        await federation.RecordParticipantsAsync("joining-day", ["m1"]);
        var refused = await Assert.ThrowsAsync<ParticipationRefusedException>(() => federation.RecordParticipantsAsync("leaving-day", ["m1"]));

        Assert.Equal(["m1"], refused.MemberIds);
    }

    [Fact]
    public async Task ParticipationInAnActivityAfterTodayIsAConflictNamingTheMembers()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("m1"));
        await federation.AddMemberAsync(Member("m2"));
        await federation.AddActivityAsync(FederationActivity("today", ActivityKind.Networking, Today));
        await federation.AddActivityAsync(FederationActivity("tomorrow", ActivityKind.Networking, Today.AddDays(1)));

        await federation.RecordParticipantsAsync("today", ["m1"]);
        var refused = await Assert.ThrowsAsync<ParticipationRefusedException>(() => federation.RecordParticipantsAsync("tomorrow", ["m1", "m2"]));

        Assert.Equal(ParticipationRefusal.ActivityInFuture, refused.Reason);
        Assert.Equal(["m1", "m2"], refused.MemberIds);
        Assert.Equal(Today.AddDays(1), refused.ActivityOn);
        Assert.Empty((await federation.GetActivityAsync("tomorrow")).Participants);
        Assert.Single((await federation.GetMemberAsync("m1")).Participations!);
    }

    [Fact]
    public async Task WithdrawingBeforeAParticipationIsAConflictAndChangesNothing()
    {
        await using var world = await CreateAsync();
        var federation = await FederationWithTwoParticipantsAsync(world);

        var error = await Assert.ThrowsAsync<ConflictException>(() => federation.WithdrawMemberAsync("m1", Day));

        Assert.Contains("a1", error.Message);
        Assert.Equal(MemberStatus.Active, (await federation.GetMemberAsync("m1")).Status);
        await federation.WithdrawMemberAsync("m1", Day.AddDays(1));
    }

    [Fact]
    public async Task ReinstatedMemberIsActiveAgainFromItsDateAndItsHistoryShowsEachStep()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        var joined = Today.AddYears(-3);
        var left = Today.AddYears(-2);
        var back = Today.AddMonths(-6);
        await federation.AddMemberAsync(Member("m1", joinedOn: joined));
        await federation.WithdrawMemberAsync("m1", left);

        var reinstated = await federation.ReinstateMemberAsync("m1", back);

        Assert.Equal(MemberStatus.Active, reinstated.Status);
        Assert.Null(reinstated.WithdrawnOn);
        Assert.Equal(joined, reinstated.JoinedOn);
        MemberStatusChange[] expected = [new(MemberStatusEvent.Joined, joined), new(MemberStatusEvent.Withdrawn, left), new(MemberStatusEvent.Reinstated, back)];
        Assert.Equal(expected, reinstated.StatusHistory);
        Assert.Equal(expected, (await federation.GetMemberAsync("m1")).StatusHistory);
        Assert.Equal(expected, (await federation.ListMembersAsync(new MemberQuery())).Items.Single().StatusHistory);

        // Statistics as of each day: active before the withdrawal, withdrawn between, active again after.
        Assert.Equal(1, (await federation.GetStatisticsAsync(new StatisticsPeriod(null, left.AddDays(-1)))).Members.Active);
        var between = await federation.GetStatisticsAsync(new StatisticsPeriod(left, back.AddDays(-1)));
        Assert.Equal((0, 1), (between.Members.Active, between.Members.Withdrawn));
        Assert.Equal(1, (await federation.GetStatisticsAsync(LastYear)).Members.Active);
        Assert.Equal(1, (await federation.GetStatisticsAsync(StatisticsPeriod.AllTime)).Members.Active);

        // Participations follow the same days: not while withdrawn, again once back.
        await federation.AddActivityAsync(FederationActivity("while-away", ActivityKind.Training, back.AddDays(-1)));
        await federation.AddActivityAsync(FederationActivity("once-back", ActivityKind.Training, back));
        await Assert.ThrowsAsync<ParticipationRefusedException>(() => federation.RecordParticipantsAsync("while-away", ["m1"]));
        await federation.RecordParticipantsAsync("once-back", ["m1"]);

        // And it can leave again, after its reinstatement only.
        await Assert.ThrowsAsync<ValidationFailedException>(() => federation.WithdrawMemberAsync("m1", back.AddDays(-1)));
        var again = await federation.WithdrawMemberAsync("m1", Today);
        Assert.Equal([.. expected, new(MemberStatusEvent.Withdrawn, Today)], again.StatusHistory);
    }

    [Fact]
    public async Task OnlyAWithdrawnMemberIsReinstatedAndNotBeforeItWithdrew()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("m1"));

        await Assert.ThrowsAsync<ConflictException>(() => federation.ReinstateMemberAsync("m1", Today));
        await federation.WithdrawMemberAsync("m1", Day);
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => federation.ReinstateMemberAsync("m1", Day.AddDays(-1)));
        Assert.Contains("on", error.Errors.Keys);
        await Assert.ThrowsAsync<ValidationFailedException>(() => federation.ReinstateMemberAsync("m1", null));
        await Assert.ThrowsAsync<NotFoundException>(() => federation.ReinstateMemberAsync("ghost", Today));
        Assert.Equal(MemberStatus.Withdrawn, (await federation.GetMemberAsync("m1")).Status);
    }

    [Fact]
    public async Task ReinstatingIsAConflictWhenItsRegistryNumberWentToAnotherActiveMember()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("m1", registryId: "1170001234"));
        await federation.WithdrawMemberAsync("m1", Day);
        await federation.AddMemberAsync(Member("m2", registryId: "1170001234"));

        await Assert.ThrowsAsync<ConflictException>(() => federation.ReinstateMemberAsync("m1", Today));
        Assert.Equal(MemberStatus.Withdrawn, (await federation.GetMemberAsync("m1")).Status);
    }

    [Fact]
    public async Task NewMemberHistoryStartsWithItsJoiningAndFollowsACorrectedJoinDate()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        var added = await federation.AddMemberAsync(Member("m1", joinedOn: Day));
        Assert.Equal([new MemberStatusChange(MemberStatusEvent.Joined, Day)], added.StatusHistory);

        var corrected = await federation.UpdateMemberAsync("m1", new MemberPatch { JoinedOn = (DateOnly?)Day.AddDays(-5) });

        Assert.Equal([new MemberStatusChange(MemberStatusEvent.Joined, Day.AddDays(-5))], corrected.StatusHistory);
    }

    [Fact]
    public async Task MovingTheJoinDateAfterAParticipationIsAConflict()
    {
        await using var world = await CreateAsync();
        var federation = await FederationWithTwoParticipantsAsync(world);

        await Assert.ThrowsAsync<ConflictException>(() => federation.UpdateMemberAsync("m1", new MemberPatch { JoinedOn = (DateOnly?)Day.AddDays(1) }));
        Assert.Equal(new DateOnly(2020, 1, 1), (await federation.GetMemberAsync("m1")).JoinedOn);
    }

    [Fact]
    public async Task DeletedMemberGoesWithItsParticipationsAndStatisticsFollow()
    {
        await using var world = await CreateAsync();
        var federation = await FederationWithTwoParticipantsAsync(world);
        await federation.AddActivityAsync(FederationActivity("a2", ActivityKind.Advisory, Day.AddDays(3)));
        await federation.RecordParticipantsAsync("a2", ["m2"]);

        var removed = await federation.DeleteMemberAsync("m2");

        Assert.Equal(2, removed);
        await Assert.ThrowsAsync<NotFoundException>(() => federation.GetMemberAsync("m2"));
        Assert.Equal(["m1"], (await federation.GetActivityAsync("a1")).Participants);
        Assert.Empty((await federation.GetActivityAsync("a2")).Participants);
        Assert.Equal(["m1", "m3"], (await federation.ListMembersAsync(new MemberQuery())).Items.Select(m => m.Id));
        var participation = (await federation.GetStatisticsAsync(LastYear)).Participation;
        Assert.Equal((2, 1), (participation.ActiveMembers, participation.ParticipatingMembers));
        await Assert.ThrowsAsync<NotFoundException>(() => federation.DeleteMemberAsync("m2"));
    }

    [Fact]
    public async Task AMemberAddedAgainUnderADeletedIdStartsBlank()
    {
        await using var world = await CreateAsync();
        var federation = await FederationWithTwoParticipantsAsync(world);
        await federation.DeleteMemberAsync("m1");

        var again = await federation.AddMemberAsync(Member("m1", name: "Nouvelle coopérative"));

        Assert.Equal("Nouvelle coopérative", (await federation.GetMemberAsync("m1")).Name);
        Assert.Empty((await federation.GetMemberAsync("m1")).Participations!);
        Assert.Equal(["m2"], (await federation.GetActivityAsync("a1")).Participants);
        Assert.Single(again.StatusHistory!);
    }

    [Fact]
    public async Task ImportedMemberWithoutHistoryReadsBackWithOneDerivedFromItsDates()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        var joined = new DateOnly(2015, 3, 1);
        var left = new DateOnly(2021, 6, 30);
        await federation.ImportAsync(new FederationImport(null,
            [new Member("m1", "Coop", MemberType.Worker, "06", null, joined, null, null, null, null, MemberStatus.Withdrawn, left, false, [])],
            [], [], []));

        var member = await federation.GetMemberAsync("m1");

        Assert.Equal([new MemberStatusChange(MemberStatusEvent.Joined, joined), new MemberStatusChange(MemberStatusEvent.Withdrawn, left)], member.StatusHistory);
        var reinstated = await federation.ReinstateMemberAsync("m1", Today);
        Assert.Equal(3, reinstated.StatusHistory!.Count);
    }

    [Fact]
    public async Task ImportRefusesAParticipantNotActiveOnTheActivitysDate()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        var member = new Member("m1", "Coop", MemberType.Worker, "06", null, Day, null, null, null, null, MemberStatus.Active, null, false, []);
        var before = new FederationActivity("a1", ActivityKind.Training, new LocalizedText("f", "e"), Day.AddDays(-1), null, null, null, ["m1"]);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => federation.ImportAsync(new FederationImport(null, [member], [before], [], [])));

        Assert.Contains("activities.participants", error.Errors.Keys);
        Assert.Empty((await federation.ListMembersAsync(new MemberQuery())).Items);
    }
}
