using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Platform.Abstractions;
using Platform.Grains;
using Xunit.Abstractions;

namespace Platform.Storage.AzureTable.Tests;

/// <summary>
/// The largest state the platform lets a grain hold, stored for real on Azurite: a federation at
/// its member limit (10,000) with a year of activities and their participations. An Azure Table
/// entity holds at most 983,040 bytes of state; the platform's rows are compressed JSON.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RealisticStateTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Entity = 15 * 64 * 1024;

    [Fact]
    public async Task FederationAtItsMemberLimitWithAYearOfActivitiesFitsOneEntityAndReadsBack()
    {
        var members = Enumerable.Range(0, Grains.Federations.FederationRules.MaxMembers).Select(Member).ToList();
        var activities = Enumerable.Range(0, 400).Select(a => new FederationActivity(
            $"act-{a:D3}", (ActivityKind)(a % 7), new LocalizedText($"Activité régionale n° {a}", $"Regional activity no. {a}"),
            new DateOnly(2025, 1 + a % 12, 1 + a % 28), (1 + a % 17).ToString("D2", CultureInfo.InvariantCulture), 60, null,
            [.. Enumerable.Range(0, 60).Select(p => $"org-{(a * 37 + p * 71) % members.Count:D5}").Distinct()])).ToList();
        var tenant = Names.NewTenant();
        var table = Names.NewTable();
        var serviceId = Names.NewServiceId("big");

        await using (var cluster = await StartPlatformClusterAsync(table, serviceId))
        {
            await cluster.Client.GetGrain<IFederationGrain>(tenant).ImportAsync(new FederationImport(
                new FederationProfile(new LocalizedText("Regroupement", "Grouping"), FederationKind.Regional, "08", ["fr"]), members, activities, [], []));
        }

        var row = await new RawTable(azurite.ConnectionString, table).GetAsync($"{serviceId}_federation_{tenant}", "federation");
        Assert.NotNull(row);
        var stored = row.Where(p => p.Key.StartsWith("Data", StringComparison.Ordinal)).Sum(p => ((byte[])p.Value).Length);
        output.WriteLine($"10,000 members, {activities.Count} activities, {activities.Sum(a => a.Participants.Count):N0} participations: {stored:N0} bytes stored of {Entity:N0}");
        Assert.InRange(stored, 1, Entity);

        // A new cluster (nothing in memory) reads it back whole.
        await using (var cluster = await StartPlatformClusterAsync(table, serviceId))
        {
            var statistics = await cluster.Client.GetGrain<IFederationGrain>(tenant).GetStatisticsAsync(StatisticsPeriod.AllTime);
            Assert.Equal(members.Count, statistics.Members.Active);
            Assert.Equal(activities.Count, statistics.Participation.ActivitiesByKind.Values.Sum());
        }
    }

    private static Member Member(int i) => new(
        $"org-{i:D5}", $"Coopérative de travail n° {i} de la Côte-Nord", (MemberType)(i % 6),
        (1 + i % 17).ToString("D2", CultureInfo.InvariantCulture), "health-social-services",
        new DateOnly(2000 + i % 25, 1 + i % 12, 1), null, 5 + i % 40, (1_170_000_000 + i).ToString(CultureInfo.InvariantCulture),
        i % 3 == 0 ? new SelfIdentification(true, [EquityGroup.Women, EquityGroup.Youth]) : null,
        MemberStatus.Active, null, i % 10 == 0, []);

    /// <summary>One silo with every platform grain on Azure Table storage as the host configures it.</summary>
    private async Task<InProcessTestCluster> StartPlatformClusterAsync(string table, string serviceId)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddPlatformGrains();
            silo.AddPlatformAzureTableStorageAsDefault(new PlatformTableStorageSettings { ConnectionString = azurite.ConnectionString, TableName = table });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}

/// <summary>Compressed rows: what the platform writes, and that rows written plain still read.</summary>
public sealed class CompressedStateSerializerTests
{
    [Fact]
    public void CompressedRowReadsBackAndIsMuchSmallerThanItsJson()
    {
        var serializer = new CompressedStateSerializer(new TestJsonStorageSerializer());
        var state = new NoteState { Text = string.Concat(Enumerable.Range(0, 5_000).Select(i => $"Coopérative n° {i}; ")) };

        var stored = serializer.Serialize(state);

        Assert.StartsWith("ICBR1", System.Text.Encoding.ASCII.GetString(stored.ToArray(), 0, 5), StringComparison.Ordinal);
        Assert.True(stored.ToArray().Length * 4 < new TestJsonStorageSerializer().Serialize(state).ToArray().Length);
        Assert.Equal(state.Text, serializer.Deserialize<NoteState>(stored)!.Text);
    }

    [Fact]
    public void RowWrittenAsPlainJsonStillReads()
    {
        var plain = new TestJsonStorageSerializer().Serialize(new NoteState { Text = "bonjour" });

        Assert.Equal("bonjour", new CompressedStateSerializer(new TestJsonStorageSerializer()).Deserialize<NoteState>(plain)!.Text);
    }
}
