using Orleans.Runtime;

namespace Platform.Storage.FileStore.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void ASiloWhoseFileStoreHasNoFolderFailsItsConfigurationCheck()
    {
        var error = Assert.Throws<OrleansConfigurationException>(() =>
            new FileGrainStorageOptionsValidator(new FileGrainStorageOptions(), "file").ValidateConfiguration());
        Assert.Contains("RootPath", error.Message);
        Assert.Contains("\"file\"", error.Message);
    }

    [Fact]
    public void InitialisingTheStoreAfterGrainsActivateIsRefused()
    {
        var late = new FileGrainStorageOptions { RootPath = "/tmp/x", InitStage = ServiceLifecycleStage.Active };
        Assert.Throws<OrleansConfigurationException>(() => new FileGrainStorageOptionsValidator(late, "file").ValidateConfiguration());
    }

    [Fact]
    public void AFolderIsEnoughForTheConfigurationCheck()
    {
        new FileGrainStorageOptionsValidator(new FileGrainStorageOptions { RootPath = "/tmp/x" }, "file").ValidateConfiguration();
    }
}
