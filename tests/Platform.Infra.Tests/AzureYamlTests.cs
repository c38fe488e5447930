namespace Platform.Infra.Tests;

/// <summary>azure.yaml: what azd builds, where it finds the templates, and how it matches the app.</summary>
public sealed class AzureYamlTests
{
    private static readonly IReadOnlyDictionary<string, string> Yaml = Infra.AzureYaml;

    private static string Value(string path)
    {
        Assert.True(Yaml.TryGetValue(path, out var value), $"azure.yaml has no '{path}'.");
        return value;
    }

    [Fact]
    public void Names_the_project_and_exactly_one_service_platform()
    {
        Assert.Equal("intercoop", Value("name"));
        var services = Yaml.Keys.Where(k => k.StartsWith("services.", StringComparison.Ordinal))
            .Select(k => k.Split('.')[1])
            .Distinct()
            .ToList();
        Assert.Equal(new[] { "platform" }, services);
    }

    [Fact]
    public void The_service_is_the_dotnet_host_project_on_container_apps()
    {
        Assert.Equal("containerapp", Value("services.platform.host"));
        Assert.Equal("dotnet", Value("services.platform.language"));
        Assert.Equal("./src/Platform.Host", Value("services.platform.project"));

        var project = Path.GetFullPath(Path.Combine(RepoRoot.Path, Value("services.platform.project")));
        Assert.True(Directory.Exists(project), $"Service project folder {project} does not exist.");
        Assert.True(File.Exists(Path.Combine(project, "Platform.Host.csproj")), $"No Platform.Host.csproj in {project}.");
    }

    [Fact]
    public void Docker_path_and_context_resolve_from_the_project_folder_to_the_Dockerfile_and_the_repo_root()
    {
        // azd resolves both relative to the service's project folder.
        var project = Path.Combine(RepoRoot.Path, Value("services.platform.project"));
        var dockerfile = Path.GetFullPath(Path.Combine(project, Value("services.platform.docker.path")));
        var context = Path.GetFullPath(Path.Combine(project, Value("services.platform.docker.context")));

        Assert.Equal(Path.GetFullPath(RepoRoot.Combine("src", "Platform.Host", "Dockerfile")), dockerfile);
        Assert.True(File.Exists(dockerfile), $"Dockerfile {dockerfile} does not exist.");
        Assert.Equal(Path.TrimEndingDirectorySeparator(RepoRoot.Path), Path.TrimEndingDirectorySeparator(context));
    }

    [Fact]
    public void Infra_is_bicep_in_a_folder_that_holds_main_bicep_and_its_parameters()
    {
        Assert.Equal("bicep", Value("infra.provider"));
        var infra = Path.Combine(RepoRoot.Path, Value("infra.path"));
        Assert.True(Directory.Exists(infra), $"Infra folder {infra} does not exist.");
        Assert.True(File.Exists(Path.Combine(infra, "main.bicep")));
        Assert.True(File.Exists(Path.Combine(infra, "main.parameters.json")));
    }

    [Fact]
    public void The_container_app_carries_the_azd_service_name_tag_of_the_service()
    {
        // azd deploy finds the app to update by this tag.
        var tags = Infra.Declared(Infra.ContainerApp).Body.Get("tags");
        var service = Yaml.Keys.Single(k => k.EndsWith(".host", StringComparison.Ordinal)).Split('.')[1];
        Assert.Contains($"'azd-service-name': '{service}'", tags, StringComparison.Ordinal);
    }
}
