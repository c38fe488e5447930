using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Platform.Infra.Tests;

/// <summary>The host Dockerfile, read as instructions against the repository (its build context).</summary>
public sealed partial class DockerfileTests
{
    private static readonly string DockerfilePath = RepoRoot.Combine("src", "Platform.Host", "Dockerfile");

    /// <summary>Instructions with continuation lines joined and comments dropped.</summary>
    private static List<(string Op, string Args)> Instructions()
    {
        var joined = Regex.Replace(File.ReadAllText(DockerfilePath), @"\\\r?\n", " ");
        return joined.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => { var parts = l.Split(' ', 2); return (parts[0].ToUpperInvariant(), parts.Length > 1 ? parts[1].Trim() : ""); })
            .ToList();
    }

    /// <summary>Sources of the COPY instructions that read from the build context (not --from a stage).</summary>
    private static List<string> ContextCopySources() =>
        Instructions()
            .Where(i => i.Op == "COPY" && !i.Args.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(i =>
            {
                var words = i.Args.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToArray();
                return words[..^1];
            })
            .ToList();

    [Fact]
    public void Every_path_copied_from_the_context_exists()
    {
        var sources = ContextCopySources();
        Assert.NotEmpty(sources);
        Assert.All(sources, s =>
        {
            var full = Path.Combine(RepoRoot.Path, s);
            Assert.True(File.Exists(full) || Directory.Exists(full), $"The Dockerfile copies '{s}', which does not exist in the repository.");
        });
    }

    [Fact]
    public void Every_project_the_dotnet_commands_name_exists_and_the_host_is_published()
    {
        var projects = Instructions()
            .Where(i => i.Op == "RUN")
            .SelectMany(i => DotnetProject().Matches(i.Args).Select(m => m.Groups["path"].Value))
            .ToList();
        Assert.Contains(projects, p => p == "src/Platform.Host/Platform.Host.csproj");
        Assert.All(projects, p => Assert.True(File.Exists(Path.Combine(RepoRoot.Path, p)), $"The Dockerfile builds '{p}', which does not exist."));
        Assert.Contains(Instructions(), i => i.Op == "RUN" && i.Args.Contains("dotnet publish src/Platform.Host/", StringComparison.Ordinal));
    }

    [Fact]
    public void The_restore_layer_copies_every_project_the_host_references_and_the_build_settings()
    {
        // `dotnet restore` runs before `COPY src/ src/`, so it sees only the project files copied
        // one by one: a new ProjectReference of the host must be added there too.
        var sources = ContextCopySources();
        foreach (var project in ProjectClosure(RepoRoot.Combine("src", "Platform.Host", "Platform.Host.csproj")))
        {
            var relative = Path.GetRelativePath(RepoRoot.Path, project).Replace('\\', '/');
            Assert.True(sources.Contains(relative), $"The Dockerfile does not copy {relative} before restoring.");
        }

        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props" })
        {
            Assert.Contains(file, sources);
        }
    }

    [Fact]
    public void The_image_runs_as_non_root_on_8080_from_the_dotnet_10_images()
    {
        var instructions = Instructions();
        var froms = instructions.Where(i => i.Op == "FROM").Select(i => i.Args).ToList();
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", froms[0], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", froms[^1], StringComparison.Ordinal);

        var final = instructions.Skip(instructions.FindLastIndex(i => i.Op == "FROM")).ToList();
        Assert.Contains(final, i => i.Op == "EXPOSE" && i.Args == "8080");
        Assert.Contains(final, i => i.Op == "ENV" && i.Args == "ASPNETCORE_URLS=http://+:8080");
        var user = Assert.Single(final, i => i.Op == "USER");
        Assert.Equal("app", user.Args);
        Assert.True(final.FindIndex(i => i.Op == "USER") < final.FindIndex(i => i.Op == "ENTRYPOINT"), "USER must come before ENTRYPOINT.");
    }

    [Fact]
    public void A_demo_container_finds_the_seeds_next_to_the_app_and_may_write_the_default_data_folder()
    {
        var instructions = Instructions();
        var final = instructions.Skip(instructions.FindLastIndex(i => i.Op == "FROM")).ToList();
        Assert.Contains(final, i => i.Op == "WORKDIR" && i.Args == "/app");
        // SeedingSetup.FindSeedsFolder looks for seeds/tenants.json next to Platform.Host.dll.
        Assert.Contains(final, i => i.Op == "COPY" && i.Args == "seeds/ seeds/");
        Assert.True(File.Exists(RepoRoot.Combine("seeds", "tenants.json")));

        // The file store's default path is ./.data; WORKDIR made /app root-owned, so the folder must be handed to the user.
        var dataFolder = Assert.Single(final, i => i.Op == "RUN" && i.Args.Contains("chown app:app .data", StringComparison.Ordinal));
        Assert.True(final.IndexOf(dataFolder) < final.FindIndex(i => i.Op == "USER"), "The data folder must be prepared before dropping to the non-root user.");
        Assert.Contains("\"./.data\"", File.ReadAllText(RepoRoot.Combine("src", "Platform.Host", "Configuration", "PlatformOptions.cs")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_dockerignore_keeps_build_output_local_state_and_tests_out_of_the_context()
    {
        var lines = File.ReadAllLines(RepoRoot.Combine(".dockerignore")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        foreach (var pattern in new[] { "**/bin/", "**/obj/", "**/node_modules/", "**/.data/", "tests/" })
        {
            Assert.Contains(pattern, lines);
        }

        // Nothing the image needs may be ignored.
        Assert.All(ContextCopySources(), s => Assert.False(s.StartsWith("tests", StringComparison.Ordinal), $"{s} is copied but ignored."));
    }

    /// <summary>The project and everything it references, transitively.</summary>
    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([Path.GetFullPath(project)]);
        while (queue.TryDequeue(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(current).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar);
                queue.Enqueue(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, include)));
            }
        }

        return seen;
    }

    [GeneratedRegex(@"dotnet\s+(?:restore|build|publish)\s+(?<path>[^\s]+\.csproj)")]
    private static partial Regex DotnetProject();
}
