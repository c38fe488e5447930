using Microsoft.Extensions.Localization;
using Platform.Abstractions;
using Platform.Abstractions.Roles;

namespace Platform.Host.Web.Roles;

/// <summary>
/// The role page's holder forms: a successor (with the outgoing holder's last day, which makes a
/// handover when it is on or after the successor's start) and the end of the last holder's term.
/// Each checks the holders' rules first and says what is wrong in the page's language; the grain
/// checks them again (RoleValidation.ValidateHolders), and a refusal this form did not foresee is
/// reported with <see cref="Refused"/>, never with the grain's English sentence.
/// </summary>
public sealed class HolderForm
{
    public string? Name { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public DateOnly? OutgoingUntil { get; set; }

    /// <summary>An empty form; the outgoing holder's last day starts as the end already recorded, if any.</summary>
    public static HolderForm For(Role role) => new() { OutgoingUntil = role.Holders.LastOrDefault()?.To };

    /// <summary>The succession to send, or null with <paramref name="problems"/> filled.</summary>
    public HolderSuccession? ToSuccession(IReadOnlyList<RoleHolder> holders, IStringLocalizer<Strings> L, Func<DateOnly?, string> date, List<string> problems)
    {
        var name = Name?.Trim();
        if (string.IsNullOrEmpty(name)) problems.Add(L["Holders.NameRequired"]);
        else if (name.Length > 200 || name.Any(char.IsControl)) problems.Add(L["Holders.NameTooLong"]);
        if (From is null) problems.Add(L["Holders.FromRequired"]);
        CheckWindow(From, L["Holders.From"], L, problems);
        CheckWindow(To, L["Holders.To"], L, problems);
        CheckWindow(OutgoingUntil, L["Holders.OutgoingUntilShort"], L, problems);
        if (From is { } from && To is { } to && to < from) problems.Add(L["Holders.ToBeforeFrom"]);

        DateOnly? outgoingUntil = null;
        if (holders.Count > 0 && From is { } start)
        {
            var last = holders[^1];
            outgoingUntil = OutgoingUntil ?? last.To;
            if (start <= last.From) problems.Add(L["Holders.FromNotAfterPrevious", last.Name!, date(last.From)]);
            if (outgoingUntil is not { } until) problems.Add(L["Holders.OutgoingRequired", last.Name!]);
            else
            {
                if (until < last.From) problems.Add(L["Holders.EndBeforeStart", last.Name!, date(last.From)]);
                if (To is { } successorEnd && until > successorEnd) problems.Add(L["Holders.OutgoingAfterSuccessor", last.Name!, date(successorEnd)]);
                if (holders.Count >= 2 && holders[^2].To is { } before && until < before)
                    problems.Add(L["Holders.EndBeforeOutgoing", last.Name!, holders[^2].Name!, date(before)]);
            }
            if (holders.Count >= 2 && holders[^2].To is { } twoBack && start <= twoBack)
                problems.Add(L["Holders.ThreeAtOnce", holders[^2].Name!, date(twoBack)]);
        }
        if (problems.Count > 0) return null;
        return new HolderSuccession(name, From, To, outgoingUntil);
    }

    /// <summary>A refusal of the grain that the checks above did not foresee, in the page's language.</summary>
    public static string Refused(DomainException e, IStringLocalizer<Strings> L) => e switch
    {
        NotFoundException => L["Holders.RoleGone"],
        ConflictException => L["Holders.NoHolderToEnd"],
        _ => L["Holders.Refused"],
    };

    internal static void CheckWindow(DateOnly? value, string label, IStringLocalizer<Strings> L, List<string> problems)
    {
        // The grain's window (Problems.EarliestDate … LatestDate): outside it a date is a typing mistake.
        if (value is { } d && (d.Year < 1900 || d.Year > 2199)) problems.Add(L["Holders.DateOutOfRange", label]);
    }
}

/// <summary>The end of the last holder's term (a departure before a successor is named, or a new end date).</summary>
public sealed class TermEndForm
{
    public DateOnly? To { get; set; }

    public static TermEndForm For(Role role) => new() { To = role.Holders.LastOrDefault()?.To };

    public HolderTermEnd? ToTermEnd(IReadOnlyList<RoleHolder> holders, IStringLocalizer<Strings> L, Func<DateOnly?, string> date, List<string> problems)
    {
        if (holders.Count == 0) { problems.Add(L["Holders.NoHolderToEnd"]); return null; }
        var last = holders[^1];
        if (To is not { } to) problems.Add(L["Holders.EndRequired"]);
        else
        {
            HolderForm.CheckWindow(To, L["Holders.EndOf", last.Name!], L, problems);
            if (to < last.From) problems.Add(L["Holders.EndBeforeStart", last.Name!, date(last.From)]);
            if (holders.Count >= 2 && holders[^2].To is { } outgoing && to < outgoing)
                problems.Add(L["Holders.EndBeforeOutgoing", last.Name!, holders[^2].Name!, date(outgoing)]);
        }
        return problems.Count > 0 ? null : new HolderTermEnd(To);
    }
}
