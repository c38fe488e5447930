namespace Platform.Host.Web;

/// <summary>The web app's strings: <c>Strings.resx</c> (English) and <c>Strings.fr.resx</c> (French, the default culture).</summary>
public sealed class Strings;

public static class StringsExtensions
{
    /// <summary>A sector's name in the page's language; a sector code nobody translated yet shows as itself.</summary>
    public static string Sector(this Microsoft.Extensions.Localization.IStringLocalizer<Strings> strings, string code)
    {
        var name = strings[$"Sector.{code}"];
        return name.ResourceNotFound ? code : name.Value;
    }
}
