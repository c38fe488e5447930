using Platform.Runtime;

namespace Platform.Storage.AzureTable.Tests;

public sealed class TableKeysTests
{
    public static TheoryData<string> AwkwardValues => new()
    {
        "", "plain", "a/b/c", "back\\slash", "hash#", "question?", "100%", "%25", "it's", "under_score", "double__under",
        "_41", "ünïcødé ✓", "日本語", "emoji 🦀", "tab\there", "nul\0", "del\u007f", "c1\u0085\u009f", "line\r\nbreak", "...", "-.",
    };

    [Theory]
    [MemberData(nameof(AwkwardValues))]
    public void EscapingRoundTripsAndLeavesOnlySafeCharacters(string value)
    {
        var escaped = TableKeys.Escape(value);

        Assert.Equal(value, TableKeys.Unescape(escaped));
        Assert.All(escaped, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_', $"'{c}' in {escaped}"));
        Assert.DoesNotContain("__", escaped, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AwkwardValues))]
    public void RowKeyGivesBackTypeKeyAndStateName(string value)
    {
        var grain = new GrainId("type_" + value, $"tenant/{value}");

        var key = TableKeys.For("intercoop", "state" + value, grain);

        Assert.Equal((grain.Type, grain.Key, "state" + value), TableKeys.ParseRowKey(key.RowKey));
    }

    [Fact]
    public void SeparatorsCannotBeForgedByTheParts()
    {
        // Without escaping '_', these two would share the RowKey "a__b__c__d".
        var one = TableKeys.For("intercoop", "d", new GrainId("a__b", "c"));
        var other = TableKeys.For("intercoop", "d", new GrainId("a", "b__c"));

        Assert.NotEqual(one.RowKey, other.RowKey);
    }

    [Fact]
    public void ForbiddenCharactersNeverReachTheKeys()
    {
        var key = TableKeys.For("intercoop", "s/t", new GrainId("t#", "ten?ant\\x/y\u0001"));

        Assert.Equal("intercoop_ten_3Fant_5Cx", key.PartitionKey);
        Assert.Equal("t_23__ten_3Fant_5Cx_2Fy_01__s_2Ft", key.RowKey);
    }

    [Fact]
    public void PartitionKeyIsServiceIdAndTenant()
    {
        var key = TableKeys.For("intercoop", "profile", new GrainId("cooperative", "reseau-coop/coop-42"));

        Assert.Equal("intercoop_reseau-coop", key.PartitionKey);
        Assert.Equal("cooperative__reseau-coop_2Fcoop-42__profile", key.RowKey);
    }

    [Fact]
    public void KeysUpToTheLimitAreAcceptedAndOneMoreIsRefused()
    {
        // The RowKey is "t__tenant_2F" + the k's + "__s".
        var longest = new GrainId("t", "tenant/" + new string('k', TableKeys.MaxKeyLength - "t__tenant_2F__s".Length));
        Assert.Equal(TableKeys.MaxKeyLength, TableKeys.For("intercoop", "s", longest).RowKey.Length);

        var tooLong = longest with { Key = longest.Key + "k" };
        var error = Assert.Throws<ArgumentException>(() => TableKeys.For("intercoop", "s", tooLong));
        Assert.Contains("RowKey would be 1025 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EscapingCountsAgainstTheLimit()
    {
        // 400 slashes are 1,200 characters once escaped.
        var error = Assert.Throws<ArgumentException>(() =>
            TableKeys.For("intercoop", "s", new GrainId("t", "tenant/" + new string('/', 400))));

        Assert.Contains("once escaped", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LongTenantIsRefusedForThePartitionKey()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            TableKeys.For("intercoop", "s", new GrainId("t", new string('x', 1_100))));

        Assert.Contains("PartitionKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoneSurrogateIsRefusedRatherThanMangled()
    {
        Assert.Throws<ArgumentException>(() => TableKeys.For("intercoop", "s", new GrainId("t", "tenant/\ud800")));
    }

    [Theory]
    [InlineData("only__two")]
    [InlineData("a__b__c__d")]
    [InlineData("a__b_4__c")]
    [InlineData("a__b_zz__c")]
    [InlineData("a__b c__d")]
    [InlineData("a__b_C3__d")]
    public void MalformedRowKeysAreRejected(string rowKey)
    {
        Assert.Throws<FormatException>(() => TableKeys.ParseRowKey(rowKey));
    }
}
