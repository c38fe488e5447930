using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Platform.Host.Tests;

public sealed class ArchitectureTests
{
    [Fact]
    public void GatewayNamesNoGrainClassOnlyTheCompositionCall()
    {
        using var stream = File.OpenRead(typeof(Program).Assembly.Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();

        var fromGrains = metadata.TypeReferences
            .Select(metadata.GetTypeReference)
            .Where(t => t.ResolutionScope.Kind == HandleKind.AssemblyReference
                        && metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)t.ResolutionScope).Name) == "Platform.Grains")
            .Select(t => $"{metadata.GetString(t.Namespace)}.{metadata.GetString(t.Name)}")
            .ToList();

        // Only the composition calls: the grains, and the memory store that tests and demos run on.
        Assert.Equal(["Platform.Grains.PlatformGrains", "Platform.Grains.Storage.MemoryStorageSetup"], fromGrains.Order(StringComparer.Ordinal));
    }
}
