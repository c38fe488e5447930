namespace Platform.Infra.Tests;

/// <summary>azure.yaml: what azd builds, where it finds the templates, and how it matches the app.</summary>
public sealed class AzureYamlTests
{
    private static readonly AzureYaml Yaml = Infra.AzureYaml;

    private static AzureYaml.Service Platform => Assert.Contains("platform", Yaml.Services);

    [Fact]
    public void Names_the_project_and_exactly_one_service_platform()
    {
        Assert.Equal("intercoop", Yaml.Name);
        Assert.Equal(new[] { "platform" }, Yaml.Services.Keys);
    }

    [Fact]
    public void The_service_is_the_dotnet_host_project_on_container_apps()
    {
        Assert.Equal("containerapp", Platform.Host);
        Assert.Equal("dotnet", Platform.Language);
        Assert.Equal("./src/Platform.Host", Platform.Project);

        var project = Path.GetFullPath(Path.Combine(RepoRoot.Path, Platform.Project!));
        Assert.True(Directory.Exists(project), $"Service project folder {project} does not exist.");
        Assert.True(File.Exists(Path.Combine(project, "Platform.Host.csproj")), $"No Platform.Host.csproj in {project}.");
    }

    [Fact]
    public void Docker_path_and_context_resolve_from_the_project_folder_to_the_Dockerfile_and_the_repo_root()
    {
        // azd resolves both relative to the service's project folder.
        var docker = Assert.IsType<AzureYaml.DockerSection>(Platform.Docker);
        var project = Path.Combine(RepoRoot.Path, Platform.Project!);
        var dockerfile = Path.GetFullPath(Path.Combine(project, docker.Path!));
        var context = Path.GetFullPath(Path.Combine(project, docker.Context!));

        Assert.Equal(Path.GetFullPath(RepoRoot.Combine("src", "Platform.Host", "Dockerfile")), dockerfile);
        Assert.True(File.Exists(dockerfile), $"Dockerfile {dockerfile} does not exist.");
        Assert.Equal(Path.TrimEndingDirectorySeparator(RepoRoot.Path), Path.TrimEndingDirectorySeparator(context));
    }

    [Fact]
    public void Infra_is_bicep_in_a_folder_that_holds_main_bicep_and_its_parameters()
    {
        var infra = Assert.IsType<AzureYaml.InfraSection>(Yaml.Infra);
        Assert.Equal("bicep", infra.Provider);
        var folder = Path.Combine(RepoRoot.Path, infra.Path!);
        Assert.True(Directory.Exists(folder), $"Infra folder {folder} does not exist.");
        Assert.True(File.Exists(Path.Combine(folder, "main.bicep")));
        Assert.True(File.Exists(Path.Combine(folder, "main.parameters.json")));
    }

    [Fact]
    public void The_container_app_carries_the_azd_service_name_tag_of_the_service()
    {
        // azd deploy finds the app to update by this tag: the environment's tags plus the service name.
        var service = Assert.Single(Yaml.Services, s => s.Value.Host == "containerapp").Key;
        Assert.Equal(
            $"[union({ArmExpression.Inner(ArmExpression.Parameter("tags"))}, createObject('azd-service-name', '{service}'))]",
            Infra.App.Json.Text("tags"));
    }
}
