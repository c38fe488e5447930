using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Platform.Host.Errors;

namespace Platform.Host.Tests.Queries;

/// <summary>
/// Issue 12 §5: a French caller reads every problem in French. The sentences are written in
/// English where they are thrown (grains, validators, handlers) and translated on the way out
/// (<see cref="ProblemTranslation"/>); this test reads the sources, finds every sentence given to a
/// domain exception or to a validator's problem list, fills its holes with sample values, and asks
/// for its French. A new sentence without French fails here rather than in front of a user.
/// </summary>
public sealed class ProblemSentencesTests
{
    [Fact]
    public void EverySentenceAProblemCanCarryHasItsFrench()
    {
        var sentences = ProblemSentenceScanner.Scan(ProblemSentenceScanner.SourceFolder()).ToList();
        // The scanner must find them: a broken scan would pass vacuously.
        Assert.True(sentences.Count > 150, $"only {sentences.Count} sentences found");

        var untranslated = sentences
            .Where(s => !s.Sample.StartsWith(ComposedOfSentences, StringComparison.Ordinal))
            .Where(s => ProblemTranslation.ToFrench(s.Sample) == s.Sample)
            .Select(s => $"{s.Where}: {s.Sample}")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.True(untranslated.Count == 0, $"{untranslated.Count} sentences have no French:\n" + string.Join("\n", untranslated));
    }

    /// <summary>A validator's refusal made of its summary and its first problem (<c>{summary}: {problem}</c>), whose parts are scanned on their own: tested whole below.</summary>
    private const string ComposedOfSentences = "7: ";

    [Theory]
    [InlineData("The meeting is invalid: 'title' is required and may not be blank. (and 2 more)", "La réunion n'est pas valide : « title » est requis et ne peut pas être vide. (et 2 autres)")]
    [InlineData("The holder cannot be added: 'from' is required.", "La personne titulaire ne peut pas être ajoutée : « from » est requis.")]
    [InlineData("The holder cannot be added: something unheard of.", "The holder cannot be added: something unheard of.")]
    [InlineData("Agreement 'a1' is already accepted.", "L'entente « a1 » est déjà acceptée.")]
    [InlineData("'languages' lists 1–5 language tags such as \"fr\" and \"en\".", "« languages » donne de 1 à 5 codes de langue comme « fr » et « en ».")]
    [InlineData("'languages' must include \"fr\" or \"en\".", "« languages » doit comprendre « fr » ou « en ».")]
    [InlineData("The meeting of 2026-03-15 has not taken place yet; its minutes is recorded on or after that day.", "La réunion du 2026-03-15 n'a pas encore eu lieu ; le procès-verbal s'inscrit ce jour-là ou après.")]
    [InlineData("Member 'm1' is active: only a withdrawn member can be reinstated.", "Le membre « m1 » est actif : seul un membre retiré peut être réintégré.")]
    [InlineData("Service request 'r7' is assigned; only an open or assigned request can be cancelled.", "La demande de service « r7 » est assignée ; seule une demande ouverte ou assignée peut être annulée.")]
    public void ASentenceIsTranslatedWithItsValuesInPlace(string english, string french) =>
        Assert.Equal(french, ProblemTranslation.ToFrench(english));

    [Theory]
    [InlineData("fr-CA", "Le poste « a » est déjà jumelé à « b » ; séparez-les d'abord.")]
    [InlineData("en-CA", "Role 'a' is already paired with 'b'; unpair it first.")]
    public void APageShowsAGrainsRefusalInItsOwnLanguage(string culture, string shown)
    {
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(culture);
        try
        {
            var refusal = new Platform.Abstractions.ConflictException("Role 'a' is already paired with 'b'; unpair it first.");
            Assert.Equal(shown, Platform.Host.Web.Shared.Refusals.InPageLanguage(refusal));
        }
        finally { System.Globalization.CultureInfo.CurrentUICulture = before; }
    }

    [Fact]
    public void AnEnglishSentenceNoTemplateKnowsStaysWhole() =>
        Assert.Equal("Something nobody wrote yet.", ProblemTranslation.ToFrench("Something nobody wrote yet."));
}

/// <summary>One sentence as a user could read it (holes filled with samples), and where it is written.</summary>
public sealed record ProblemSentence(string Where, string Sample);

public static class ProblemSentenceScanner
{
    private static readonly HashSet<string> s_exceptions = new(StringComparer.Ordinal)
    {
        "ValidationFailedException", "ConflictException", "NotFoundException", "AccessDeniedException", "ParticipationRefusedException",
    };

    public static string SourceFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln"))) return Path.Combine(dir.FullName, "src");
        throw new InvalidOperationException("Platform.sln not found above " + AppContext.BaseDirectory);
    }

    public static IEnumerable<ProblemSentence> Scan(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            foreach (var node in root.DescendantNodes())
            {
                var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                // A validator's summary comes before its first problem: tried with a problem every validator writes.
                if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "ThrowIfAny" }, ArgumentList.Arguments: [{ Expression: LiteralExpressionSyntax summary }] })
                {
                    yield return new ProblemSentence($"{Path.GetRelativePath(folder, file)}:{line}", summary.Token.ValueText + ": 'x7' is required.");
                    continue;
                }
                var message = MessageOf(node);
                if (message is null) continue;
                foreach (var sample in Samples(message))
                    if (LooksLikeASentence(sample))
                        yield return new ProblemSentence($"{Path.GetRelativePath(folder, file)}:{line}", sample);
            }
        }
    }

    /// <summary>The message argument of a domain exception, of <c>ValidationFailedException.For</c>, or of a problem list's <c>Add(field, message)</c>.</summary>
    private static ExpressionSyntax? MessageOf(SyntaxNode node) => node switch
    {
        BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } create
            when create is not ImplicitObjectCreationExpressionSyntax && s_exceptions.Contains(TypeName(((ObjectCreationExpressionSyntax)create).Type))
            => create.ArgumentList!.Arguments[0].Expression,
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "For" } access, ArgumentList.Arguments.Count: 2 } call
            when access.Expression.ToString() == "ValidationFailedException" => call.ArgumentList.Arguments[1].Expression,
        InvocationExpressionSyntax { Expression: var target, ArgumentList.Arguments.Count: 2 } add
            when target is MemberAccessExpressionSyntax { Name.Identifier.Text: "Add" } m && IsProblemList(m.Expression.ToString())
                 || target is IdentifierNameSyntax { Identifier.Text: "Add" }
            => add.ArgumentList.Arguments[1].Expression,
        _ => null,
    };

    private static bool IsProblemList(string name) => name is "problems" or "errors" or "Problems";

    private static string TypeName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax q => q.Right.Identifier.Text,
        SimpleNameSyntax s => s.Identifier.Text,
        _ => type.ToString(),
    };

    /// <summary>Every text the expression can make: each branch of a condition, concatenations joined, holes filled.</summary>
    private static IEnumerable<string> Samples(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                yield return literal.Token.ValueText;
                break;
            case InterpolatedStringExpressionSyntax interpolated:
                var sample = new System.Text.StringBuilder();
                foreach (var content in interpolated.Contents)
                {
                    if (content is InterpolatedStringTextSyntax text) sample.Append(text.TextToken.ValueText.Replace("{{", "{").Replace("}}", "}"));
                    else if (content is InterpolationSyntax hole) sample.Append(SampleValue(hole, quoted: sample.Length > 0 && sample[^1] == '\''));
                }
                yield return sample.ToString();
                break;
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                foreach (var left in Samples(binary.Left))
                    foreach (var right in Samples(binary.Right))
                        yield return left + right;
                break;
            case ConditionalExpressionSyntax conditional:
                foreach (var s in Samples(conditional.WhenTrue)) yield return s;
                foreach (var s in Samples(conditional.WhenFalse)) yield return s;
                break;
            case ParenthesizedExpressionSyntax parenthesized:
                foreach (var s in Samples(parenthesized.Expression)) yield return s;
                break;
            // Invariant($"…") and string.Format-like wrappers: the text is their argument.
            case InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } wrapper:
                foreach (var s in Samples(wrapper.ArgumentList.Arguments[0].Expression)) yield return s;
                break;
        }
    }

    /// <summary>A value like the ones the hole holds: a date for a date format, an id between quotes, a number otherwise.</summary>
    private static string SampleValue(InterpolationSyntax hole, bool quoted)
    {
        var format = hole.FormatClause?.FormatStringToken.ValueText;
        if (format is not null && format.Contains("yyyy", StringComparison.Ordinal))
            return format.Contains("dd", StringComparison.Ordinal) ? "2026-01-07" : "2026-01";
        if (format is not null && format.Contains('0', StringComparison.Ordinal)) return "7.00";
        return quoted ? "x7" : "7";
    }

    /// <summary>A user-facing sentence, not an id or a field name passed in the same position.</summary>
    private static bool LooksLikeASentence(string text) => text.Contains(' ', StringComparison.Ordinal) && text.TrimEnd().Length > 8;
}
