using System.Text.RegularExpressions;

namespace Platform.Host.Errors;

/// <summary>
/// Problem details in French for a caller that asks for it (<see cref="ProblemLanguage"/>): the
/// last step of every problem answer, whoever wrote it (a grain's exception, a handler's
/// <c>TypedResults.Problem</c>, the rate limiter, the status code pages). Titles are a fixed set;
/// details are the grains' English sentences, which follow a few shapes (<c>'field' is required.</c>,
/// <c>No member 'x' in this federation.</c>…), each given here once in French. A text already in
/// French (the gateway's own bilingual answers) matches none of them and is left as it is, and so is
/// an English sentence no shape covers yet: it stays whole rather than half translated.
/// </summary>
public static partial class ProblemTranslation
{
    public static void Apply(ProblemDetailsContext context)
    {
        if (!ProblemLanguage.IsFrench(context.HttpContext)) return;
        var problem = context.ProblemDetails;
        problem.Title = Title(problem.Title);
        problem.Detail = ToFrench(problem.Detail);
        if (problem.Extensions.TryGetValue("errors", out var errors) && errors is IReadOnlyDictionary<string, string[]> fields)
            problem.Extensions["errors"] = fields.ToDictionary(f => f.Key, f => f.Value.Select(v => ToFrench(v)!).ToArray());
    }

    private static readonly Dictionary<string, string> s_titles = new(StringComparer.Ordinal)
    {
        ["The request is not valid."] = "La requête n'est pas valide.",
        ["Not found."] = "Introuvable.",
        ["Conflict."] = "Conflit.",
        ["Not allowed."] = "Action non permise.",
        ["Too large."] = "Trop volumineux.",
        ["Request body too large."] = "Corps de requête trop volumineux.",
        ["Storage unavailable."] = "Stockage indisponible.",
        ["Busy."] = "Service occupé.",
        ["Unexpected error."] = "Erreur inattendue.",
        ["Rate limit reached."] = "Limite de requêtes atteinte.",
        // The framework's titles (RFC 9110 reason phrases) for the status code pages.
        ["Bad Request"] = "Requête invalide",
        ["Unauthorized"] = "Non authentifié",
        ["Forbidden"] = "Interdit",
        ["Not Found"] = "Introuvable",
        ["Method Not Allowed"] = "Méthode non permise",
        ["Not Acceptable"] = "Format de réponse non disponible",
        ["Conflict"] = "Conflit",
        ["Content Too Large"] = "Corps de requête trop volumineux",
        ["Payload Too Large"] = "Corps de requête trop volumineux",
        ["Unsupported Media Type"] = "Type de contenu non pris en charge",
        ["Unprocessable Entity"] = "Requête impossible à traiter",
        ["Unprocessable Content"] = "Requête impossible à traiter",
        ["Too Many Requests"] = "Trop de requêtes",
        ["An error occurred while processing your request."] = "Une erreur s'est produite pendant le traitement de la requête.",
        ["Service Unavailable"] = "Service indisponible",
    };

    internal static string? Title(string? title) => title is not null && s_titles.TryGetValue(title, out var french) ? french : title;

    private static readonly Dictionary<string, string> s_sentences = new(StringComparer.Ordinal)
    {
        ["No such object."] = "Aucun objet de ce nom.",
        ["No such statement."] = "Aucun relevé de ce nom.",
        ["No such person."] = "Aucune personne de ce nom.",
        ["No such invitation."] = "Aucune invitation de ce nom.",
        ["This invitation link is not valid any more."] = "Ce lien d'invitation n'est plus valide.",
        ["This tenant is not a shared-services consortium."] = "Ce locataire n'est pas un consortium de services partagés.",
        ["The request is not valid."] = "La requête n'est pas valide.",
        ["The JSON body could not be read."] = "Le corps JSON n'a pas pu être lu.",
        ["Request bodies are limited to 1 MiB."] = "Le corps d'une requête est limité à 1 Mio.",
        ["The object was changed by another request at the same time; read it again and retry."] =
            "L'objet a été modifié par une autre requête au même moment ; relisez-le et réessayez.",
        ["This record has grown past what one stored object may hold; nothing was changed."] =
            "Cet enregistrement dépasse ce qu'un objet stocké peut contenir ; rien n'a été modifié.",
        ["The data store cannot be reached right now; nothing was changed. Retry shortly."] =
            "Le stockage des données est injoignable pour l'instant ; rien n'a été modifié. Réessayez sous peu.",
        ["The request took too long and was abandoned; retry shortly."] = "La requête a pris trop de temps et a été abandonnée ; réessayez sous peu.",
        ["The service is moving this data between servers; retry shortly."] = "Le service déplace ces données d'un serveur à l'autre ; réessayez sous peu.",
        ["An unexpected error occurred; it has been logged."] = "Une erreur inattendue s'est produite ; elle a été journalisée.",
        ["Too many requests for this tenant; slow down and retry after the delay in Retry-After."] =
            "Trop de requêtes pour ce locataire ; ralentissez et réessayez après le délai indiqué par Retry-After.",
        ["Give either 'year' or 'from'/'to', not both."] = "Donnez soit « year », soit « from » et « to », pas les deux.",
        ["'status' done and cancelled are not listed yet: only requests in hand are (open, assigned); read a closed request by its id."] =
            "« status » done et cancelled ne sont pas encore listés : seules les demandes en cours le sont (open, assigned) ; lisez une demande close par son identifiant.",
        ["A federation's languages are in its profile: PUT /api/v1/tenants/{tenantId}/federation with 'languages'."] =
            "Les langues d'une fédération sont dans son profil : PUT /api/v1/tenants/{tenantId}/federation avec « languages ».",
        ["'consortium' is for a client's own path; on a consortium's path give 'client'."] =
            "« consortium » s'emploie sur l'adresse d'un client ; sur celle d'un consortium, donnez « client ».",
        ["'client' on a client's own path can only be that client; give 'consortium' and 'month'."] =
            "Sur l'adresse d'un client, « client » ne peut être que ce client ; donnez « consortium » et « month ».",
    };

    private const string Field = "'(?<f>[^']{1,200})'";

    /// <summary>The shapes of the grains' sentences about one field, and the same in French.</summary>
    private static readonly (Regex English, string French)[] s_shapes =
    [
        (Shape($"^{Field} is required\\.$"), "« ${f} » est requis."),
        (Shape($"^{Field} is required, as \\{{\"fr\": …, \"en\": …\\}}\\.$"), "« ${f} » est requis, sous la forme {\"fr\": …, \"en\": …}."),
        (Shape($"^{Field} is required and may not be blank\\.$"), "« ${f} » est requis et ne peut pas être vide."),
        (Shape($"^{Field} is required, e\\.g\\. (?<e>\\S+)\\.$"), "« ${f} » est requis, p. ex. ${e}."),
        (Shape($"^{Field} is required, as a month written yyyy-MM \\(e\\.g\\. (?<e>[0-9-]+)\\)\\.$"), "« ${f} » est requis, sous la forme d'un mois écrit AAAA-MM (p. ex. ${e})."),
        (Shape($"^{Field} must be a month written yyyy-MM between (?<a>\\d+) and (?<b>\\d+)\\.$"), "« ${f} » doit être un mois écrit AAAA-MM entre ${a} et ${b}."),
        (Shape($"^{Field} needs both 'fr' and 'en'\\.$"), "« ${f} » demande le français (« fr ») et l'anglais (« en »)."),
        (Shape($"^{Field} is limited to (?<n>\\d+) characters per language\\.$"), "« ${f} » est limité à ${n} caractères par langue."),
        (Shape($"^{Field} is limited to (?<n>\\d+) characters\\.$"), "« ${f} » est limité à ${n} caractères."),
        (Shape($"^{Field} must match \\^\\[a-z0-9\\]\\[a-z0-9-\\]\\{{0,62\\}}\\$ \\(lower-case letters, digits and '-', at most 63 characters\\)\\.$"),
            "« ${f} » doit respecter ^[a-z0-9][a-z0-9-]{0,62}$$ (lettres minuscules, chiffres et « - », au plus 63 caractères)."),
        (Shape($"^{Field} must be one of: (?<v>.+)\\.$"), "« ${f} » doit être l'une des valeurs : ${v}."),
        (Shape($"^{Field} must be a date written YYYY-MM-DD, e\\.g\\. (?<e>[0-9-]+)\\.$"), "« ${f} » doit être une date écrite AAAA-MM-JJ, p. ex. ${e}."),
        (Shape($"^{Field} must be a whole number\\.$"), "« ${f} » doit être un nombre entier."),
        (Shape($"^{Field} must be true or false\\.$"), "« ${f} » doit être true ou false."),
        (Shape($"^{Field} must be a year between (?<a>\\d+) and (?<b>\\d+)\\.$"), "« ${f} » doit être une année entre ${a} et ${b}."),
        (Shape($"^{Field} must be a year written YYYY, e\\.g\\. (?<e>\\d+)\\.$"), "« ${f} » doit être une année écrite AAAA, p. ex. ${e}."),
        (Shape($"^{Field} must be a date between (?<a>[0-9-]+) and (?<b>[0-9-]+)\\.$"), "« ${f} » doit être une date entre le ${a} et le ${b}."),
        (Shape($"^{Field} must be between (?<a>[0-9.-]+) and (?<b>[0-9.-]+)\\.$"), "« ${f} » doit être entre ${a} et ${b}."),
        (Shape($"^{Field} (?:is not a known value|has an unknown value)\\.$"), "« ${f} » n'est pas une valeur connue."),
        (Shape($"^{Field} must not be blank\\.$"), "« ${f} » ne peut pas être vide."),
        (Shape($"^{Field} (?:must|may) not contain control characters\\.$"), "« ${f} » ne doit pas contenir de caractères de contrôle."),
        (Shape($"^{Field} must not be after '(?<b>[^']+)'\\.$"), "« ${f} » ne doit pas être après « ${b} »."),
        (Shape($"^{Field} may not come before '(?<b>[^']+)'\\.$"), "« ${f} » ne peut pas précéder « ${b} »."),
        (Shape($"^{Field} must be greater than zero\\.$"), "« ${f} » doit être plus grand que zéro."),
        (Shape($"^{Field} takes at most two decimals\\.$"), "« ${f} » prend au plus deux décimales."),
        (Shape($"^{Field} may not exceed (?<n>[0-9.]+)\\.$"), "« ${f} » ne peut pas dépasser ${n}."),
        (Shape($"^{Field} must not be negative\\.$"), "« ${f} » ne peut pas être négatif."),
        (Shape($"^{Field} is not a valid tenant id\\.$"), "« ${f} » n'est pas un identifiant de locataire valide."),
        (Shape($"^A tenant with id {Field} already exists\\.$"), "Un locataire d'identifiant « ${f} » existe déjà."),
        (Shape($"^{Field} must be (?<a>[a-z-]+(?:, [a-z-]+)*) or (?<b>[a-z-]+)\\.$"), "« ${f} » doit être ${a} ou ${b}."),
    ];

    /// <summary>"No member 'x' in this federation." and its kin: the object, its id, and where it was looked for.</summary>
    private static readonly Dictionary<string, string> s_objects = new(StringComparer.Ordinal)
    {
        ["member"] = "Aucun membre",
        ["activity"] = "Aucune activité",
        ["role"] = "Aucun poste",
        ["body"] = "Aucune instance",
        ["proposal"] = "Aucune proposition",
        ["service request"] = "Aucune demande de service",
        ["professional"] = "Aucun professionnel",
        ["programme"] = "Aucun programme",
        ["sector table"] = "Aucune table sectorielle",
        ["tenant"] = "Aucun locataire",
        ["federation"] = "Aucune fédération",
        ["agreement"] = "Aucune entente",
        ["key"] = "Aucune clé",
        ["person"] = "Aucune personne",
        ["invitation"] = "Aucune invitation",
        ["time entry"] = "Aucune saisie de temps",
    };

    private static readonly Dictionary<string, string> s_places = new(StringComparer.Ordinal)
    {
        [""] = "",
        [" in this federation"] = " dans cette fédération",
        [" in this consortium"] = " dans ce consortium",
        [" in this tenant"] = " chez ce locataire",
        [" to pair with"] = " avec qui jumeler",
    };

    [GeneratedRegex("^No (?<what>[a-z ]+?) '(?<id>[^']{1,200})'(?<where>[a-z ]*)\\.$", RegexOptions.CultureInvariant)]
    private static partial Regex NoSuchObject();

    private static Regex Shape(string pattern) => new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>The French of one English sentence of a problem, or the sentence itself when no shape covers it.</summary>
    public static string? ToFrench(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        if (s_sentences.TryGetValue(text, out var sentence)) return sentence;
        foreach (var (english, french) in s_shapes)
            if (english.IsMatch(text)) return english.Replace(text, french);
        if (NoSuchObject().Match(text) is { Success: true } none
            && s_objects.TryGetValue(none.Groups["what"].Value, out var noun)
            && s_places.TryGetValue(none.Groups["where"].Value, out var place))
            return $"{noun} « {none.Groups["id"].Value} »{place}.";
        foreach (var template in s_compiled.Value)
            if (template.TryTranslate(text) is { } french) return french;
        return text;
    }

    private static readonly Lazy<IReadOnlyList<SentenceTemplate>> s_compiled =
        new(() => s_templates.Select(t => new SentenceTemplate(t.English, t.French)).ToList());

    /// <summary>
    /// One template of <see cref="s_templates"/>: its English as an anchored pattern whose holes
    /// capture the values, and its French into which they are put back.
    /// </summary>
    private sealed partial class SentenceTemplate
    {
        private readonly Regex _english;
        private readonly string _french;
        private readonly Dictionary<int, char> _kinds = [];

        public SentenceTemplate(string english, string french)
        {
            var pattern = new System.Text.StringBuilder("^");
            var at = 0;
            foreach (Match hole in Hole().Matches(english))
            {
                pattern.Append(Regex.Escape(english[at..hole.Index]));
                var n = int.Parse(hole.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
                pattern.Append("(?<h").Append(n).Append(">.+?)");
                if (hole.Groups["kind"].Success) _kinds[n] = hole.Groups["kind"].Value[0];
                at = hole.Index + hole.Length;
            }
            pattern.Append(Regex.Escape(english[at..])).Append('$');
            _english = new Regex(pattern.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline);
            _french = french;
        }

        /// <summary>The French, or null when the text is not this sentence (or a hole's word or sentence has no French).</summary>
        public string? TryTranslate(string text)
        {
            var match = _english.Match(text);
            if (!match.Success) return null;
            var failed = false;
            var french = Hole().Replace(_french, hole =>
            {
                var n = int.Parse(hole.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
                var value = match.Groups["h" + n].Value;
                string? translated = _kinds.GetValueOrDefault(n) switch
                {
                    'w' => s_words.GetValueOrDefault(value, value),
                    's' => s_summaries.GetValueOrDefault(value),
                    't' => ToFrench(value) is { } t && t != value ? t : null,
                    _ => value,
                };
                failed |= translated is null;
                return translated ?? value;
            });
            return failed ? null : french;
        }

        [GeneratedRegex(@"\{(?<n>[0-9])(?::(?<kind>[wst]))?\}", RegexOptions.CultureInvariant)]
        private static partial Regex Hole();
    }
}
