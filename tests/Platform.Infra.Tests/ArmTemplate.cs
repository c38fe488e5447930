using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Infra.Tests;

/// <summary>
/// A compiled ARM template: main.json, or the inline template Bicep writes for one module
/// deployment. Values are literals or ARM expressions (strings in square brackets); the tests
/// compare expressions as the pinned compiler writes them.
/// </summary>
internal sealed class ArmTemplate(string name, JsonElement root)
{
    public const string DeploymentType = "Microsoft.Resources/deployments";

    /// <summary>"main", or the name of the module deployment that holds this template.</summary>
    public string Name { get; } = name;

    public JsonElement Root { get; } = root;

    public IReadOnlyDictionary<string, JsonElement> Parameters => Root.PropertiesOf("parameters");

    public IReadOnlyDictionary<string, JsonElement> Variables => Root.PropertiesOf("variables");

    public IReadOnlyDictionary<string, JsonElement> Outputs => Root.PropertiesOf("outputs");

    /// <summary>Identifies the Bicep source: the same file compiled on its own has the same hash.</summary>
    public string TemplateHash => Root.Text("metadata", "_generator", "templateHash");

    /// <summary>
    /// The resources this template declares. Bicep leaves `existing` references out of the
    /// compiled template, so everything here is created by the deployment.
    /// </summary>
    public IReadOnlyList<ArmResource> Resources
    {
        get
        {
            var resources = Root.At("resources");
            // Templates with symbolic names (languageVersion 2.0) hold an object, others an array.
            var items = resources.ValueKind == JsonValueKind.Object
                ? resources.EnumerateObject().Select(p => p.Value)
                : resources.EnumerateArray();
            return [.. items.Select(r => new ArmResource(this, r))];
        }
    }

    public IReadOnlyList<ArmModule> Modules =>
        [.. Resources.Where(r => r.Type == DeploymentType && r.Json.At("properties").Has("template"))
            .Select(r => new ArmModule(r, new ArmTemplate(r.Name, r.Json.At("properties", "template"))))];

    public ArmModule Module(string deploymentName) => Assert.Single(Modules, m => m.Name == deploymentName);

    /// <summary>This template and every module template inside it, at any depth.</summary>
    public IEnumerable<ArmTemplate> SelfAndNested() =>
        Modules.SelectMany(m => m.Template.SelfAndNested()).Prepend(this);
}

internal sealed record ArmResource(ArmTemplate Template, JsonElement Json)
{
    public string Type => Json.Text("type");

    public string ApiVersion => Json.Text("apiVersion");

    /// <summary>The name as compiled: a literal or an expression.</summary>
    public string Name => Json.Text("name");

    public JsonElement At(params string[] path) => Json.At(path);

    /// <summary>The expression other resources of the same template use to point at this one.</summary>
    public string IdExpression => $"[resourceId('{Type}', {ArmExpression.Inner(Name)})]";
}

/// <summary>A module call: the deployment resource in the calling template and the module's own template.</summary>
internal sealed record ArmModule(ArmResource Deployment, ArmTemplate Template)
{
    public string Name => Deployment.Name;

    public IReadOnlyDictionary<string, JsonElement> ParametersPassed =>
        Deployment.At("properties").PropertiesOf("parameters");

    /// <summary>The value the caller passes for a parameter of the module.</summary>
    public JsonElement Argument(string parameter)
    {
        Assert.True(ParametersPassed.TryGetValue(parameter, out var passed), $"Module {Name} is not passed '{parameter}'.");
        return passed.At("value");
    }
}

/// <summary>The few shapes of ARM expression the tests need to recognise.</summary>
internal static partial class ArmExpression
{
    public static bool IsExpression(string value) =>
        value.StartsWith('[') && value.EndsWith(']') && !value.StartsWith("[[", StringComparison.Ordinal);

    /// <summary>The expression without its brackets, to nest it in another one.</summary>
    public static string Inner(string value) => IsExpression(value) ? value[1..^1] : $"'{value}'";

    public static string Parameter(string name) => $"[parameters('{name}')]";

    public static string Variable(string name) => $"[variables('{name}')]";

    /// <summary>
    /// The module deployment and output an expression reads, for the way a calling template
    /// compiles <c>module.outputs.name</c>; fails the test for any other expression.
    /// </summary>
    public static (string Module, string Output) ModuleOutput(string value)
    {
        var match = ModuleOutputPattern().Match(value);
        Assert.True(match.Success, $"{value} does not read a module output.");
        return (match.Groups["module"].Value, match.Groups["output"].Value);
    }

    [GeneratedRegex(@"^\[reference\(.*'Microsoft\.Resources/deployments', '(?<module>[^']+)'\), '[^']+'\)\.outputs\.(?<output>\w+)\.value\]$")]
    private static partial Regex ModuleOutputPattern();
}
