namespace Platform.Host.Web;

/// <summary>The web app's strings: <c>Strings.resx</c> (English) and <c>Strings.fr.resx</c> (French, the default culture).</summary>
public sealed class Strings;
