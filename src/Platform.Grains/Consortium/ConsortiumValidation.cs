using Platform.Abstractions;

namespace Platform.Grains.Consortium;

/// <summary>Input checks shared by the consortium's grains; each throws a 400 naming the JSON field.</summary>
public static class ConsortiumValidation
{
    public const int MaxNameLength = 200;
    public const int MaxTitleLength = 200;
    public const decimal MaxCostRate = 1_000m;
    public const decimal MaxWeeklyCapacity = 80m;
    public const decimal MaxEstimatedHours = 10_000m;

    public static string RequireText(string? text, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text)) throw ValidationFailedException.For(field, $"'{field}' is required and may not be blank.");
        if (text.Length > maxLength) throw ValidationFailedException.For(field, $"'{field}' is limited to {maxLength} characters.");
        if (text.Any(char.IsControl)) throw ValidationFailedException.For(field, $"'{field}' may not contain control characters.");
        return text;
    }

    /// <summary>A title in both languages, each checked like <see cref="RequireText"/>.</summary>
    public static LocalizedText RequireTitle(LocalizedText? title, string field, int maxLength)
    {
        LocalizedText.Require(title, field, maxLength);
        return new LocalizedText(RequireText(title!.Fr, field, maxLength), RequireText(title.En, field, maxLength));
    }

    /// <summary>A positive amount with at most two decimals (cents, or hundredths of an hour), at most <paramref name="max"/>.</summary>
    public static decimal RequirePositive(decimal value, string field, decimal max)
    {
        if (value <= 0m) throw ValidationFailedException.For(field, $"'{field}' must be greater than zero.");
        if (value > max) throw ValidationFailedException.For(field, $"'{field}' may not exceed {max}.");
        if (decimal.Round(value, 2) != value) throw ValidationFailedException.For(field, $"'{field}' takes at most two decimals.");
        return value;
    }

    public static T RequireDefined<T>(T value, string field) where T : struct, Enum =>
        Enum.IsDefined(value) ? value : throw ValidationFailedException.For(field, $"'{field}' has an unknown value.");

    /// <summary>A non-empty list of distinct known field ids.</summary>
    public static IReadOnlyList<string> RequireFields(IReadOnlyList<string>? fields, IReadOnlyDictionary<string, ExpertiseField> known, string field)
    {
        if (fields is null || fields.Count == 0) throw ValidationFailedException.For(field, $"'{field}' needs at least one field of expertise.");
        if (fields.Count > known.Count) throw ValidationFailedException.For(field, $"'{field}' lists more fields than the consortium offers.");
        foreach (var id in fields)
        {
            Ids.Require(id, field);
            if (!known.ContainsKey(id)) throw ValidationFailedException.For(field, $"'{id}' is not a field of expertise of this consortium.");
        }
        if (fields.Distinct(StringComparer.Ordinal).Count() != fields.Count)
            throw ValidationFailedException.For(field, $"'{field}' lists a field twice.");
        return fields.ToList();
    }
}
