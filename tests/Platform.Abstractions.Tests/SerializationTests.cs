using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Serialization;
using Platform.Abstractions;
using Platform.Abstractions.Storage;

namespace Platform.Abstractions.Tests;

/// <summary>
/// What crosses a grain boundary between two silos: every contract type has a stable wire name
/// (renaming a class must not break a rolling upgrade), and errors keep their details.
/// </summary>
public sealed class SerializationTests
{
    private static readonly Serializer s_serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static IEnumerable<Type> ContractTypes() =>
        typeof(Ids).Assembly.GetTypes().Where(t => t.IsPublic && t.Namespace?.StartsWith("Platform.Abstractions", StringComparison.Ordinal) == true && t.GetCustomAttribute<GenerateSerializerAttribute>() is not null);

    [Fact]
    public void EveryContractTypeHasOneStableUniqueAlias()
    {
        var aliases = ContractTypes().Select(t => (Type: t, Alias: t.GetCustomAttributes<AliasAttribute>(inherit: false).SingleOrDefault()?.Alias)).ToList();
        Assert.NotEmpty(aliases);
        Assert.All(aliases, a => Assert.False(string.IsNullOrWhiteSpace(a.Alias), $"{a.Type.Name} has no [Alias]"));
        Assert.Equal(aliases.Count, aliases.Select(a => a.Alias).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void ReadResultsAreImmutableSoOrleansNeedNotCopyThem()
    {
        var records = ContractTypes().Where(t => !typeof(Exception).IsAssignableFrom(t)).ToList();
        Assert.All(records, t => Assert.True(t.GetCustomAttribute<ImmutableAttribute>() is not null, $"{t.Name} is not [Immutable]"));
    }

    [Fact]
    public void ValidationErrorKeepsItsMessageAndFieldsAcrossSilos()
    {
        var error = ValidationFailedException.For("region", "'region' must be a Quebec region code or a province.");

        var copy = RoundTrip<Exception>(error);

        var validation = Assert.IsType<ValidationFailedException>(copy);
        Assert.Equal(error.Message, validation.Message);
        Assert.Equal(["region"], validation.Errors.Keys);
        Assert.Equal(error.Errors["region"], validation.Errors["region"]);
    }

    [Theory]
    [InlineData(typeof(NotFoundException))]
    [InlineData(typeof(ConflictException))]
    [InlineData(typeof(AccessDeniedException))]
    public void DomainErrorsKeepTheirTypeAndMessageAcrossSilos(Type type)
    {
        var error = (Exception)Activator.CreateInstance(type, "Aucun membre « coop-9 » dans ce réseau.")!;

        var copy = RoundTrip<Exception>(error);

        Assert.IsType(type, copy);
        Assert.Equal(error.Message, copy.Message);
    }

    [Fact]
    public void PartialUpdateTellsAbsentFromClearedAfterCrossingSilos()
    {
        var patch = new MemberPatch { Sector = new Optional<string?>(null), Region = "03" };

        var copy = RoundTrip(patch);

        Assert.True(copy.Sector.IsSet);
        Assert.Null(copy.Sector.Value);
        Assert.Equal("03", copy.Region.Value);
        Assert.False(copy.Name.IsSet);
    }

    [Theory]
    [InlineData("reseau", "reseau", true)]
    [InlineData("reseau/coop-1", "reseau", true)]
    [InlineData("reseau-coop", "reseau", false)]
    [InlineData("reseau-coop/coop-1", "reseau", false)]
    [InlineData("_directory", "reseau", false)]
    public void TenantKeysBelongOnlyToTheirOwnTenant(string grainKey, string tenantId, bool belongs) =>
        Assert.Equal(belongs, TenantKeys.BelongsTo(grainKey, tenantId));

    private static T RoundTrip<T>(T value) => s_serializer.Deserialize<T>(s_serializer.SerializeToArray(value))!;
}
