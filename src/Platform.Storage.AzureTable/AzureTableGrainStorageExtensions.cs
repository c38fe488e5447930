using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Runtime;

namespace Platform.Storage.AzureTable;

public static class AzureTableGrainStorageExtensions
{
    /// <summary>
    /// Registers an <see cref="AzureTableGrainStorage"/> under <paramref name="name"/>, as both
    /// <see cref="IGrainStorage"/> and <see cref="IGrainStorageAdmin"/>. The options are checked here,
    /// so a wrong connection string fails at startup rather than at the first grain activation.
    /// </summary>
    public static GrainRuntimeBuilder AddAzureTableGrainStorage(
        this GrainRuntimeBuilder builder, Action<AzureTableStorageOptions> configure, string name = GrainStorageNames.Default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new AzureTableStorageOptions();
        configure(options);
        options.Validate();
        return builder.AddGrainStorage(name, sp => new AzureTableGrainStorage(
            options,
            sp.GetRequiredService<GrainStateSerializer>(),
            sp.GetService<ILogger<AzureTableGrainStorage>>(),
            sp.GetService<TimeProvider>()));
    }
}
