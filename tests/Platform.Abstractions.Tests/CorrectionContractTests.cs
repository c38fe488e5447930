using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Platform.Abstractions.Tests;

/// <summary>The contracts of rule 9's corrections as they cross from one silo to another.</summary>
public sealed class CorrectionContractTests
{
    private static readonly Serializer s_serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static T RoundTrip<T>(T value) => s_serializer.Deserialize<T>(s_serializer.SerializeToArray(value))!;

    [Fact]
    public void ParticipationRefusalKeepsTheMembersItNamesAcrossSilos()
    {
        var refused = new ParticipationRefusedException("Not active members on 2025-03-01: m2.", "a1", new DateOnly(2025, 3, 1), ParticipationRefusal.NotActiveOnDate, ["m2", "m7"]);

        var copy = Assert.IsType<ParticipationRefusedException>(RoundTrip<Exception>(refused));

        // Still a conflict (409) for whoever catches conflicts, with what a screen needs to name the members.
        Assert.IsAssignableFrom<ConflictException>(copy);
        Assert.Equal(refused.Message, copy.Message);
        Assert.Equal(("a1", new DateOnly(2025, 3, 1), ParticipationRefusal.NotActiveOnDate), (copy.ActivityId, copy.ActivityOn, copy.Reason));
        Assert.Equal(["m2", "m7"], copy.MemberIds);
    }

    [Fact]
    public void ActivityPatchTellsAbsentFromClearedAfterCrossingSilos()
    {
        var patch = new ActivityPatch { Region = new Optional<string?>(null), On = new DateOnly(2025, 5, 2) };

        var copy = RoundTrip(patch);

        Assert.True(copy.Region.IsSet);
        Assert.Null(copy.Region.Value);
        Assert.Equal(new DateOnly(2025, 5, 2), copy.On.Value);
        Assert.False(copy.Title.IsSet);
        Assert.False(copy.Kind.IsSet);
    }

    [Fact]
    public void StatusHistoryTravelsWithTheMember()
    {
        var member = new Member("m1", "Coop", MemberType.Worker, "06", null, new DateOnly(2020, 1, 1), null, null, null, null, MemberStatus.Active, null, false, [],
            StatusHistory: [new(MemberStatusEvent.Joined, new DateOnly(2020, 1, 1)), new(MemberStatusEvent.Withdrawn, new DateOnly(2023, 6, 30)), new(MemberStatusEvent.Reinstated, new DateOnly(2024, 2, 1))]);

        var copy = RoundTrip(member);

        Assert.Equal(member.StatusHistory, copy.StatusHistory);
    }
}
