namespace Platform.Infra.Tests;

/// <summary>The purpose-built readers the other tests rely on read what they should, and refuse what they cannot.</summary>
public sealed class ReaderTests
{
    [Fact]
    public void Yaml_reader_reads_nested_mappings_quotes_and_comments()
    {
        var yaml = SimpleYaml.Parse("""
            # comment
            name: app # trailing
            services:
              web:
                host: 'containerapp'
                path: "./a #b"
              empty:
            last: x
            """);
        Assert.Equal("app", yaml["name"]);
        Assert.Equal("containerapp", yaml["services.web.host"]);
        Assert.Equal("./a #b", yaml["services.web.path"]);
        Assert.Equal("", yaml["services.empty"]);
        Assert.Equal("x", yaml["last"]);
    }

    [Theory]
    [InlineData("services:\n  - web")]
    [InlineData("name: [a, b]")]
    [InlineData("a:\n    b: 1\n  c: 2")]
    [InlineData("a: 1\na: 2")]
    [InlineData("a: |\n  text")]
    [InlineData("a:\tb")]
    public void Yaml_reader_refuses_what_it_does_not_support(string text)
    {
        Assert.Throws<FormatException>(() => SimpleYaml.Parse(text));
    }

    [Fact]
    public void Bicep_reader_ignores_commented_out_settings_and_braces_in_strings()
    {
        var code = Syntax.StripComments("""
            {
              // minimumTlsVersion: 'TLS1_0'
              name: 'a{b}' /* , kind: 'x' */
              tags: union(tags, { 'k': '${x}' })
              nested: {
                list: [
                  { n: 1 }
                  { n: 2 }
                ]
              }
            }
            """);
        var obj = BicepObject.Parse(Syntax.Inner(code, code.IndexOf('{', StringComparison.Ordinal)));
        Assert.False(obj.Has("minimumTlsVersion"));
        Assert.False(obj.Has("kind"));
        Assert.Equal("'a{b}'", obj.Get("name"));
        Assert.Equal(2, obj.Objects("nested", "list").Count);
        Assert.Equal("2", obj.Objects("nested", "list")[1].Get("n"));
    }
}
