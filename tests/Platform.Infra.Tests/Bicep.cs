using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Infra.Tests;

/// <summary>
/// A textual reading of a Bicep file, enough to check what these templates declare without a
/// Bicep compiler: comments are removed first (so a commented-out setting does not count), and
/// object and array bodies are split on their own nesting level, string-aware, so a property is
/// found where it sits and not merely somewhere in the file.
/// </summary>
internal sealed partial class BicepFile
{
    private BicepFile(string path, string code)
    {
        FilePath = path;
        Code = code;
    }

    public string FilePath { get; }

    /// <summary>The text with comments blanked out (line structure kept).</summary>
    public string Code { get; }

    public string Name => Path.GetFileName(FilePath);

    public static BicepFile Load(string path) => new(path, Syntax.StripComments(File.ReadAllText(path)));

    /// <summary>Every Bicep file under infra/.</summary>
    public static IReadOnlyList<BicepFile> All() =>
        Directory.GetFiles(RepoRoot.Combine("infra"), "*.bicep", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(Load)
            .ToList();

    public IReadOnlyList<BicepResource> Resources =>
        ResourceDeclaration().Matches(Code)
            .Select(m => new BicepResource(
                m.Groups["sym"].Value,
                m.Groups["type"].Value,
                m.Groups["version"].Value,
                m.Groups["existing"].Success,
                BicepObject.Parse(Syntax.Inner(Code, m.Groups["open"].Index))))
            .ToList();

    public IReadOnlyList<BicepModule> Modules =>
        ModuleDeclaration().Matches(Code)
            .Select(m => new BicepModule(
                m.Groups["sym"].Value,
                m.Groups["path"].Value,
                BicepObject.Parse(Syntax.Inner(Code, m.Groups["open"].Index))))
            .ToList();

    public IReadOnlyList<BicepParam> Params =>
        ParamDeclaration().Matches(Code)
            .Select(m => new BicepParam(m.Groups["name"].Value, m.Groups["type"].Value, m.Groups["default"].Success))
            .ToList();

    public IReadOnlyList<string> Outputs =>
        OutputDeclaration().Matches(Code).Select(m => m.Groups["name"].Value).ToList();

    /// <summary>Single-line variables: name to the raw expression.</summary>
    public IReadOnlyDictionary<string, string> Vars =>
        VarDeclaration().Matches(Code).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value.Trim());

    public BicepResource Resource(string type) =>
        Assert.Single(Resources, r => r.Type == type && !r.Existing);

    [GeneratedRegex(@"^[ \t]*resource\s+(?<sym>\w+)\s+'(?<type>[^'@]+)@(?<version>[^']+)'\s+(?<existing>existing\s+)?=\s*(?:if\s*\([^{]*\)\s*)?(?<open>\{)", RegexOptions.Multiline)]
    private static partial Regex ResourceDeclaration();

    [GeneratedRegex(@"^[ \t]*module\s+(?<sym>\w+)\s+'(?<path>[^']+)'\s*=\s*(?:if\s*\([^{]*\)\s*)?(?<open>\{)", RegexOptions.Multiline)]
    private static partial Regex ModuleDeclaration();

    [GeneratedRegex(@"^[ \t]*param\s+(?<name>\w+)\s+(?<type>[\w.]+(?:\[\])?\??)[ \t]*(?<default>=.*)?$", RegexOptions.Multiline)]
    private static partial Regex ParamDeclaration();

    [GeneratedRegex(@"^[ \t]*output\s+(?<name>\w+)\s+[\w.]+\s*=", RegexOptions.Multiline)]
    private static partial Regex OutputDeclaration();

    [GeneratedRegex(@"^[ \t]*var\s+(?<name>\w+)\s*=(?<value>.*)$", RegexOptions.Multiline)]
    private static partial Regex VarDeclaration();
}

internal sealed record BicepResource(string Symbol, string Type, string ApiVersion, bool Existing, BicepObject Body);

internal sealed record BicepModule(string Symbol, string Path, BicepObject Body);

internal sealed record BicepParam(string Name, string Type, bool HasDefault);

/// <summary>The top-level properties of one Bicep object literal, each value as raw text.</summary>
internal sealed partial class BicepObject
{
    private readonly Dictionary<string, string> _properties;

    private BicepObject(Dictionary<string, string> properties) => _properties = properties;

    public IReadOnlyCollection<string> Keys => _properties.Keys;

    /// <summary>Parses the text between an object's braces.</summary>
    public static BicepObject Parse(string inner)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Syntax.SplitTopLevel(inner))
        {
            var match = Property().Match(entry);
            if (!match.Success)
            {
                throw new FormatException($"Not a Bicep property: '{entry}'.");
            }

            var key = match.Groups["key"].Value;
            if (key.StartsWith('\''))
            {
                key = key[1..^1];
            }

            if (!properties.TryAdd(key, match.Groups["value"].Value.Trim()))
            {
                throw new FormatException($"Property '{key}' is set twice.");
            }
        }

        return new BicepObject(properties);
    }

    public bool Has(string key) => _properties.ContainsKey(key);

    /// <summary>The raw value of a property; null when the object has no such property.</summary>
    public string? Raw(string key) => _properties.GetValueOrDefault(key);

    /// <summary>The raw value at a path of nested object properties; fails the test when missing.</summary>
    public string Get(params string[] path)
    {
        var current = this;
        for (var i = 0; i < path.Length - 1; i++)
        {
            current = current.Object(path[i]);
        }

        var value = current.Raw(path[^1]);
        Assert.True(value is not null, $"Property '{string.Join('.', path)}' is not set.");
        return value;
    }

    public BicepObject Object(params string[] path)
    {
        var raw = Get(path);
        Assert.True(raw.StartsWith('{') && raw.EndsWith('}'), $"'{string.Join('.', path)}' is not an object literal: {raw}");
        return Parse(raw[1..^1]);
    }

    /// <summary>The items of an array literal at a path, each as raw text.</summary>
    public IReadOnlyList<string> Array(params string[] path)
    {
        var raw = Get(path);
        Assert.True(raw.StartsWith('[') && raw.EndsWith(']'), $"'{string.Join('.', path)}' is not an array literal: {raw}");
        return Syntax.SplitTopLevel(raw[1..^1]);
    }

    /// <summary>The items of an array of object literals.</summary>
    public IReadOnlyList<BicepObject> Objects(params string[] path) =>
        Array(path).Select(item =>
        {
            Assert.True(item.StartsWith('{') && item.EndsWith('}'), $"An item of '{string.Join('.', path)}' is not an object literal: {item}");
            return Parse(item[1..^1]);
        }).ToList();

    /// <summary>A string literal without interpolation, unquoted; fails the test otherwise.</summary>
    public static string Literal(string raw)
    {
        Assert.True(raw.Length >= 2 && raw[0] == '\'' && raw[^1] == '\'' && !raw.Contains("${", StringComparison.Ordinal),
            $"Expected a plain string literal, found: {raw}");
        return raw[1..^1].Replace("\\'", "'", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(?<key>'[^']*'|[A-Za-z_$][\w$]*)\s*:\s*(?<value>.+)$", RegexOptions.Singleline)]
    private static partial Regex Property();
}

/// <summary>String- and nesting-aware scanning of Bicep text.</summary>
internal static class Syntax
{
    /// <summary>Blanks out // and /* */ comments, leaving strings and line breaks intact.</summary>
    public static string StripComments(string text)
    {
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (IsStringStart(text, i))
            {
                var end = SkipString(text, i);
                result.Append(text, i, end - i);
                i = end;
            }
            else if (At(text, i, "//"))
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (At(text, i, "/*"))
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? text.Length : end + 2;
                foreach (var c in text.AsSpan(i, end - i))
                {
                    result.Append(c == '\n' ? '\n' : ' ');
                }

                i = end;
            }
            else
            {
                result.Append(text[i]);
                i++;
            }
        }

        return result.ToString();
    }

    /// <summary>The text strictly inside the bracket that opens at <paramref name="open"/>.</summary>
    public static string Inner(string code, int open) => code[(open + 1)..(MatchingClose(code, open))];

    /// <summary>Index of the bracket that closes the one at <paramref name="open"/>.</summary>
    public static int MatchingClose(string code, int open)
    {
        var stack = new Stack<char>();
        var i = open;
        while (i < code.Length)
        {
            var c = code[i];
            if (IsStringStart(code, i))
            {
                i = SkipString(code, i);
                continue;
            }

            switch (c)
            {
                case '{' or '[' or '(':
                    stack.Push(c);
                    break;
                case '}' or ']' or ')':
                    var opened = stack.Pop();
                    if ((opened, c) is not (('{', '}') or ('[', ']') or ('(', ')')))
                    {
                        throw new FormatException($"'{opened}' closed by '{c}' at offset {i}.");
                    }

                    if (stack.Count == 0)
                    {
                        return i;
                    }

                    break;
            }

            i++;
        }

        throw new FormatException($"Bracket at offset {open} is never closed.");
    }

    /// <summary>
    /// Splits an object or array body into its entries: separated by line breaks or commas that
    /// sit on the body's own level, outside strings.
    /// </summary>
    public static IReadOnlyList<string> SplitTopLevel(string inner)
    {
        var entries = new List<string>();
        var start = 0;
        var i = 0;
        while (i < inner.Length)
        {
            var c = inner[i];
            if (IsStringStart(inner, i))
            {
                i = SkipString(inner, i);
                continue;
            }

            if (c is '{' or '[' or '(')
            {
                i = MatchingClose(inner, i) + 1;
                continue;
            }

            if (c is '\n' or ',')
            {
                Add(inner[start..i]);
                start = i + 1;
            }

            i++;
        }

        Add(inner[start..]);
        return entries;

        void Add(string entry)
        {
            entry = entry.Trim();
            if (entry.Length > 0)
            {
                entries.Add(entry);
            }
        }
    }

    private static bool At(string text, int i, string token) => string.CompareOrdinal(text, i, token, 0, token.Length) == 0;

    private static bool IsStringStart(string text, int i) => text[i] == '\'';

    /// <summary>Index just past the string literal starting at <paramref name="i"/>.</summary>
    private static int SkipString(string text, int i)
    {
        if (At(text, i, "'''"))
        {
            var end = text.IndexOf("'''", i + 3, StringComparison.Ordinal);
            return end < 0 ? throw new FormatException("Unterminated ''' string.") : end + 3;
        }

        for (var j = i + 1; j < text.Length; j++)
        {
            if (text[j] == '\\')
            {
                j++;
            }
            else if (text[j] == '$' && j + 1 < text.Length && text[j + 1] == '{')
            {
                // An interpolation may hold strings of its own: skip it as a bracketed expression.
                j = MatchingClose(text, j + 1);
            }
            else if (text[j] == '\'')
            {
                return j + 1;
            }
            else if (text[j] == '\n')
            {
                break;
            }
        }

        throw new FormatException($"Unterminated string at offset {i}.");
    }
}
