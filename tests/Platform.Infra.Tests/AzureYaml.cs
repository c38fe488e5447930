using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Platform.Infra.Tests;

/// <summary>
/// The parts of azure.yaml the tests check, read with YamlDotNet. Keys azd knows but the tests do
/// not (hooks, pipeline, …) are ignored; a key the tests rely on that is missing stays null and
/// fails the test that needs it.
/// </summary>
internal sealed class AzureYaml
{
    public string? Name { get; set; }

    public InfraSection? Infra { get; set; }

    public Dictionary<string, Service> Services { get; set; } = [];

    public static AzureYaml Load(string path) =>
        new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build()
            .Deserialize<AzureYaml>(File.ReadAllText(path));

    internal sealed class InfraSection
    {
        public string? Provider { get; set; }

        public string? Path { get; set; }
    }

    internal sealed class Service
    {
        public string? Project { get; set; }

        public string? Language { get; set; }

        public string? Host { get; set; }

        public DockerSection? Docker { get; set; }
    }

    internal sealed class DockerSection
    {
        public string? Path { get; set; }

        public string? Context { get; set; }
    }
}
