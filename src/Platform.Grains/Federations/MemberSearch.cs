using System.Globalization;
using Platform.Abstractions;

namespace Platform.Grains.Federations;

/// <summary>
/// The member list's <c>?q=</c>: a part of a name or of a registry number, case and accents
/// ignored (« cooperative » finds « Coopérative du Plateau »), as staff type it in a search box.
/// </summary>
public sealed class MemberSearch
{
    private static readonly CompareInfo s_compare = CultureInfo.InvariantCulture.CompareInfo;
    private const CompareOptions Loose = CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace | CompareOptions.IgnoreKanaType | CompareOptions.IgnoreWidth;

    private readonly string _text;

    private MemberSearch(string text) => _text = text;

    /// <summary>Null for no search (absent or blank); a 400 when longer than <see cref="MemberQuery.MaxSearchLength"/>.</summary>
    public static MemberSearch? Of(string? q)
    {
        if (string.IsNullOrWhiteSpace(q)) return null;
        var text = q.Trim();
        if (text.Length > MemberQuery.MaxSearchLength)
            throw ValidationFailedException.For("q", $"'q' is limited to {MemberQuery.MaxSearchLength} characters.");
        return new MemberSearch(text);
    }

    public bool Matches(string? value) => value is not null && s_compare.IndexOf(value, _text, Loose) >= 0;
}
