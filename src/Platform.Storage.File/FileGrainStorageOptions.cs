using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Platform.Storage.FileStore;

/// <summary>Options of one file store (named options: one set per provider name).</summary>
public sealed class FileGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The data folder. Created on start; one process owns it (see <see cref="FileGrainStorage"/>).</summary>
    public string RootPath { get; set; } = "";

    /// <summary>
    /// The serializer of the states. When left unset, the one registered under the provider's name
    /// (keyed <see cref="IGrainStorageSerializer"/>) or else the silo's default. Export hands the
    /// stored bytes out as JSON text, so the store needs a JSON serializer (the platform registers
    /// a System.Text.Json one).
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;

    /// <summary>The silo lifecycle stage at which the folder is created and taken; before grains activate.</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;
}

/// <summary>Refuses to start a silo whose file store has no data folder.</summary>
internal sealed class FileGrainStorageOptionsValidator(FileGrainStorageOptions options, string name) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        if (string.IsNullOrWhiteSpace(options.RootPath))
            throw new OrleansConfigurationException(
                $"Configuration for {nameof(FileGrainStorage)} \"{name}\" is invalid: {nameof(FileGrainStorageOptions.RootPath)} is required.");
        if (options.InitStage >= ServiceLifecycleStage.Active)
            throw new OrleansConfigurationException(
                $"Configuration for {nameof(FileGrainStorage)} \"{name}\" is invalid: {nameof(FileGrainStorageOptions.InitStage)} must come before grains activate ({ServiceLifecycleStage.Active}).");
    }
}
