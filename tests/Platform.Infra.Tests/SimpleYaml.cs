using System.Text.RegularExpressions;

namespace Platform.Infra.Tests;

/// <summary>
/// A reader for the small subset of YAML that azure.yaml uses here: nested block mappings of
/// plain or quoted scalars, with comments. Anything else (lists, flow style, anchors, multi-line
/// scalars, tabs) is refused with an exception rather than guessed at, so a file this reader
/// accepts is read the way a real YAML parser would read it.
/// </summary>
internal static partial class SimpleYaml
{
    /// <summary>Every scalar, keyed by its dotted path ("services.platform.host"). An empty value reads as "".</summary>
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var mappings = new HashSet<string>(StringComparer.Ordinal);

        // The open mappings, innermost last. The root's keys sit at indent 0.
        var stack = new List<Mapping> { new(-1, "") };
        Mapping? pending = null; // a "key:" with nothing after it: a mapping, or an empty value
        var lineNumber = 0;

        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            if (line.Contains('\t'))
            {
                throw Refuse(lineNumber, "tab character");
            }

            var content = StripComment(line, lineNumber);
            if (content.Trim().Length == 0)
            {
                continue;
            }

            var indent = content.Length - content.TrimStart(' ').Length;
            var body = content.Trim();
            if (body == "---" && indent == 0 && values.Count == 0 && mappings.Count == 0)
            {
                continue;
            }

            if (body[0] is '-' or '[' or '{' or '&' or '*' or '?' or '!' or '|' or '>')
            {
                throw Refuse(lineNumber, "sequence, flow collection, anchor, alias, tag or block scalar");
            }

            var match = KeyValue().Match(body);
            if (!match.Success)
            {
                throw Refuse(lineNumber, "not a 'key: value' line");
            }

            if (pending is not null)
            {
                if (indent > pending.Indent)
                {
                    mappings.Add(pending.Path);
                    stack.Add(pending);
                }
                else
                {
                    values[pending.Path] = "";
                }

                pending = null;
            }

            while (indent <= stack[^1].Indent)
            {
                stack.RemoveAt(stack.Count - 1);
            }

            var parent = stack[^1];
            parent.ChildIndent ??= indent;
            if (parent.ChildIndent != indent)
            {
                throw Refuse(lineNumber, "inconsistent indentation");
            }

            var key = Unquote(match.Groups["key"].Value, lineNumber);
            var path = parent.Path.Length == 0 ? key : $"{parent.Path}.{key}";
            if (values.ContainsKey(path) || mappings.Contains(path))
            {
                throw Refuse(lineNumber, $"duplicate key '{path}'");
            }

            var raw = match.Groups["value"].Value.Trim();
            if (raw.Length == 0)
            {
                pending = new Mapping(indent, path);
            }
            else if (raw[0] is '[' or '{' or '&' or '*' or '|' or '>' or '!')
            {
                throw Refuse(lineNumber, "flow collection, anchor, alias, tag or block scalar as a value");
            }
            else
            {
                values[path] = Unquote(raw, lineNumber);
            }
        }

        if (pending is not null)
        {
            values[pending.Path] = "";
        }

        return values;
    }

    private sealed class Mapping(int indent, string path)
    {
        public int Indent { get; } = indent;

        public string Path { get; } = path;

        public int? ChildIndent { get; set; }
    }

    private static string StripComment(string line, int lineNumber)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] == ' '))
            {
                return line[..i];
            }
        }

        return quote == '\0' ? line : throw Refuse(lineNumber, "unterminated quote");
    }

    private static string Unquote(string scalar, int lineNumber)
    {
        if (scalar.Length >= 2 && scalar[0] == '\'' && scalar[^1] == '\'')
        {
            return scalar[1..^1].Replace("''", "'", StringComparison.Ordinal);
        }

        if (scalar.Length >= 2 && scalar[0] == '"' && scalar[^1] == '"')
        {
            var inner = scalar[1..^1];
            return inner.Contains('\\') ? throw Refuse(lineNumber, "escape in a double-quoted scalar") : inner;
        }

        return scalar[0] is '\'' or '"' ? throw Refuse(lineNumber, "badly quoted scalar") : scalar;
    }

    private static FormatException Refuse(int lineNumber, string what) =>
        new($"azure.yaml line {lineNumber}: {what} is outside what this test's YAML reader supports.");

    [GeneratedRegex(@"^(?<key>'[^']*'|""[^""]*""|[A-Za-z0-9_.\-/]+):(?:\s+(?<value>.*))?$")]
    private static partial Regex KeyValue();
}
