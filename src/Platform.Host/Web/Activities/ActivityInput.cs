using Microsoft.Extensions.Localization;
using Platform.Abstractions;

namespace Platform.Host.Web.Activities;

/// <summary>What the activity form posts: both titles side by side, kind, date, region, audience.</summary>
public sealed class ActivityInput
{
    public string? TitleFr { get; set; }
    public string? TitleEn { get; set; }
    public string? Kind { get; set; }
    public DateOnly? On { get; set; }
    public string? Region { get; set; }
    public int? Audience { get; set; }

    public static ActivityInput Of(FederationActivity activity) => new()
    {
        TitleFr = activity.Title.Fr,
        TitleEn = activity.Title.En,
        Kind = EnumNames.Of(activity.Kind),
        On = activity.On,
        Region = activity.Region,
        Audience = activity.Audience,
    };

    public ActivityKind? ParsedKind => Enum.GetValues<ActivityKind>().Where(k => EnumNames.Of(k) == Kind).Cast<ActivityKind?>().FirstOrDefault();

    /// <summary>The form's own checks, in the page's language, before the grain sees anything (the grain checks again).</summary>
    public List<string> Problems(IStringLocalizer<Strings> l)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(TitleFr) || string.IsNullOrWhiteSpace(TitleEn) || TitleFr.Length > 300 || TitleEn.Length > 300) problems.Add(l["Act.NeedTitle"]);
        if (ParsedKind is null) problems.Add(l["Act.NeedKind"]);
        if (On is null) problems.Add(l["Act.NeedDate"]);
        if (Audience is < 0) problems.Add(l["Act.BadAudience"]);
        if (Region is { Length: > 0 } region && Regions.NameOf(region) is null) problems.Add(l["Act.BadRegion"]);
        return problems;
    }

    public NewActivity ToNew() =>
        new(null, ParsedKind, new LocalizedText(TitleFr!.Trim(), TitleEn!.Trim()), On, string.IsNullOrEmpty(Region) ? null : Region, Audience);

    public ActivityPatch ToPatch() => new()
    {
        Kind = ParsedKind,
        Title = new LocalizedText(TitleFr!.Trim(), TitleEn!.Trim()),
        On = On,
        Region = string.IsNullOrEmpty(Region) ? null : Region,
        Audience = Audience,
    };
}
