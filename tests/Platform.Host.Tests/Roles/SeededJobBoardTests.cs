using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Roles;

/// <summary>A gateway that seeds its empty store at start, as a newcomer's first run does.</summary>
public sealed class SeededPlatformApp : PlatformApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Platform:Seed", "true")];
}

public sealed class SeededJobBoardTests(SeededPlatformApp app) : IClassFixture<SeededPlatformApp>
{
    [Fact]
    public async Task FirstStartPublishesCtrocsOpenPostingOnTheJobBoard()
    {
        var board = await app.Anonymous().GetJsonAsync("/api/v1/postings");

        var posting = Assert.Single(board.EnumerateArray(), p => p.GetProperty("tenantId").GetString() == "ctroc");
        Assert.Equal("coordination-representation", posting.GetProperty("roleId").GetString());
        Assert.Equal("Coordinator — Representation and Policy Analysis", posting.GetProperty("title").GetProperty("en").GetString());
        Assert.Equal(32, posting.GetProperty("hoursPerWeek").GetInt32());
        Assert.Equal(30.67m, posting.GetProperty("hourlyMin").GetDecimal());
        Assert.Equal(36.55m, posting.GetProperty("hourlyMax").GetDecimal());
        Assert.DoesNotContain(board.EnumerateArray(), p => p.GetProperty("tenantId").GetString() == "exeko"); // its posting is closed
    }
}
