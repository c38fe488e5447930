using Orleans;
using Orleans.Concurrency;

namespace Platform.Abstractions;

/// <summary>One key of ASP.NET Core Data Protection, as the XML element it stores.</summary>
[GenerateSerializer, Immutable, Alias("DataProtectionKey")]
public sealed record DataProtectionKey(string FriendlyName, string Xml);

/// <summary>
/// The cluster's one Data Protection key ring (key <see cref="Key"/>): every host protects and
/// reads sign-in cookies and antiforgery tokens with the same keys, so a person signed in through
/// one replica stays signed in whichever replica answers next.
/// </summary>
[PlatformWide]
public interface IDataProtectionKeysGrain : IGrainWithStringKey
{
    /// <summary>Outside the tenant id pattern, like every platform-wide key.</summary>
    public const string Key = "_data-protection";

    [ReadOnly] Task<IReadOnlyList<DataProtectionKey>> ListAsync();

    /// <summary>Adds a key (ASP.NET Core creates one about every 90 days); the ring keeps the newest 100.</summary>
    Task AddAsync(DataProtectionKey key);
}
