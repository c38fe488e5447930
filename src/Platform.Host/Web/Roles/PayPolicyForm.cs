using System.Globalization;
using Microsoft.Extensions.Localization;
using Platform.Abstractions.Roles;

namespace Platform.Host.Web.Roles;

/// <summary>
/// The pay policy as typed on the pay scale page: the maximum ratio written as the second term of
/// « 1 : 2,5 » (empty = no cap) and the full-time week in hours. Either decimal mark is accepted
/// («2,5» or «2.5»), and so is the whole « 1 : 2,5 ». The grain checks the same bounds again.
/// </summary>
public sealed class PayPolicyForm
{
    public string? MaxRatio { get; set; }
    public string? FullTimeHoursPerWeek { get; set; }

    public static PayPolicyForm From(PayPolicy policy) => new()
    {
        MaxRatio = policy.MaxRatio?.ToString("0.##", CultureInfo.CurrentCulture),
        FullTimeHoursPerWeek = policy.FullTimeHoursPerWeek.ToString("0.##", CultureInfo.CurrentCulture),
    };

    public PayPolicyUpdate? ToUpdate(IStringLocalizer<Strings> L, List<string> problems)
    {
        decimal? cap = null;
        var ratioText = Cleaned(MaxRatio);
        // « 1 : 2,5 » typed whole: the first term is always 1, the cap is the second.
        if (ratioText.StartsWith("1:", StringComparison.Ordinal)) ratioText = ratioText[2..];
        if (ratioText.Length > 0)
        {
            if (!TryParse(ratioText, out var value)) problems.Add(L["PayPolicy.RatioNotANumber"]);
            else if (value < 1m || value > 100m) problems.Add(L["PayPolicy.RatioRange"]);
            else if (decimal.Round(value, 2) != value) problems.Add(L["PayPolicy.RatioDecimals"]);
            else cap = value;
        }

        decimal? hours = null;
        var hoursText = Cleaned(FullTimeHoursPerWeek);
        if (hoursText.Length == 0) problems.Add(L["PayPolicy.HoursRequired"]);
        else if (!TryParse(hoursText, out var value)) problems.Add(L["PayPolicy.HoursNotANumber"]);
        else if (value <= 0m || value > 80m || decimal.Round(value, 2) != value) problems.Add(L["PayPolicy.HoursRange"]);
        else hours = value;

        return problems.Count > 0 ? null : new PayPolicyUpdate(cap, hours);
    }

    // Spaces (also the no-break ones French typography puts before «:») and a trailing «h» are not part of the number.
    private static string Cleaned(string? text) =>
        new string((text ?? "").Where(c => !char.IsWhiteSpace(c) && c != '\u202F').ToArray()).TrimEnd('h', 'H');

    private static bool TryParse(string text, out decimal value) =>
        decimal.TryParse(text.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
}
