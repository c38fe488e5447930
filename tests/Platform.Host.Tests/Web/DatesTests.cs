using System.Globalization;
using Platform.Host.Web.Shared;

namespace Platform.Host.Tests.Web;

/// <summary>Days written out on the pages: French makes the first of the month an ordinal (« 1er »).</summary>
public sealed class DatesTests
{
    [Theory]
    [InlineData("fr-CA", 2026, 12, 1, "1er décembre 2026")]
    [InlineData("fr-CA", 2024, 4, 15, "15 avril 2024")]
    [InlineData("en-CA", 2026, 12, 1, "1 December 2026")]
    [InlineData("en-CA", 2024, 4, 15, "15 April 2024")]
    public void ADayIsWrittenAsItsLanguageWritesIt(string culture, int year, int month, int day, string written)
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            Assert.Equal(written, Dates.Long(new DateOnly(year, month, day)));
            Assert.Equal(written, Dates.Long(new DateTimeOffset(year, month, day, 12, 0, 0, TimeSpan.FromHours(-5))));
        }
        finally { CultureInfo.CurrentCulture = before; }
    }
}
