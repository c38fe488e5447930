using System.Text;
using Microsoft.Extensions.Localization;
using Platform.Abstractions;

namespace Platform.Host.Web.NetworkAdmin;

public enum ImportOutcome { New, Unchanged, Problem }

/// <summary>One row of an uploaded file: its line, what it holds, and what importing it would do.</summary>
public sealed record ImportRow(int Line, MemberDraft Draft, Member? Member, ImportOutcome Outcome, IReadOnlyList<string> Problems);

/// <summary>What a file would do to the roster, row by row; nothing of it is written until the staff confirms.</summary>
public sealed record ImportPlan(IReadOnlyList<ImportRow> Rows, IReadOnlyList<string> FileProblems, IReadOnlyList<string> IgnoredColumns)
{
    public int New => Rows.Count(r => r.Outcome == ImportOutcome.New);
    public int Unchanged => Rows.Count(r => r.Outcome == ImportOutcome.Unchanged);
    public int WithProblems => Rows.Count(r => r.Outcome == ImportOutcome.Problem);
}

/// <summary>
/// Reads a members file with the columns of the members CSV export (<c>MembersCsv</c>: id, name,
/// type, region, sector, joinedOn, foundedOn, workerMembers, registryId, status, withdrawnOn,
/// ambassador, sectorTables), headed in English or French, separated by <c>,</c> or <c>;</c>
/// (French spreadsheets write <c>;</c>), and plans it against the roster: new rows, rows already
/// there exactly as written (unchanged, so importing a file twice changes nothing) and rows with
/// problems, each named in the page's language.
/// </summary>
public static class MemberImport
{
    public const int MaxBytes = 256 * 1024;
    public const int MaxRows = 2_000;

    // Header names folded (lower case, no accents, no spaces, '-', '_' or apostrophes).
    private static readonly Dictionary<string, string> s_columns = new(StringComparer.Ordinal)
    {
        ["id"] = "id", ["identifiant"] = "id",
        ["name"] = "name", ["nom"] = "name",
        ["type"] = "type",
        ["region"] = "region", ["coderegion"] = "region", ["regioncode"] = "region",
        ["sector"] = "sector", ["secteur"] = "sector",
        ["joinedon"] = "joinedOn", ["joined"] = "joinedOn", ["adhesion"] = "joinedOn", ["datedadhesion"] = "joinedOn",
        ["foundedon"] = "foundedOn", ["founded"] = "foundedOn", ["fondation"] = "foundedOn", ["datedefondation"] = "foundedOn",
        ["workermembers"] = "workerMembers", ["membrestravailleurs"] = "workerMembers",
        ["registryid"] = "registryId", ["registrynumber"] = "registryId", ["numeroauregistre"] = "registryId", ["numerodentreprise"] = "registryId", ["neq"] = "registryId",
        ["status"] = "status", ["statut"] = "status",
        ["withdrawnon"] = "withdrawnOn", ["withdrawn"] = "withdrawnOn", ["retrait"] = "withdrawnOn", ["datederetrait"] = "withdrawnOn",
        ["ambassador"] = "ambassador", ["ambassadeur"] = "ambassador", ["ambassadrice"] = "ambassador",
        ["sectortables"] = "sectorTables", ["tablessectorielles"] = "sectorTables",
    };

    public static ImportPlan Plan(string text, IReadOnlyList<Member> roster, IReadOnlyCollection<string> sectorTables, DateOnly today, IStringLocalizer<Strings> L)
    {
        var records = Parse(text);
        if (records.Count == 0 || records[0].Cells.All(string.IsNullOrWhiteSpace))
            return new ImportPlan([], [L["Import.Empty"]], []);
        var header = records[0].Cells.Select(h => s_columns.GetValueOrDefault(FoldHeader(h))).ToList();
        var ignored = records[0].Cells.Where((h, i) => header[i] is null && h.Trim().Length > 0).Select(h => h.Trim()).ToList();
        var fileProblems = new List<string>();
        foreach (var required in new[] { "name", "type", "region", "joinedOn" })
            if (!header.Contains(required)) fileProblems.Add(L["Import.MissingColumn", required]);
        if (header.Where(h => h is not null).GroupBy(h => h).FirstOrDefault(g => g.Count() > 1) is { } twice)
            fileProblems.Add(L["Import.ColumnTwice", twice.Key!]);
        if (records.Count - 1 > MaxRows) fileProblems.Add(L["Import.TooManyRows", MaxRows]);
        if (fileProblems.Count > 0) return new ImportPlan([], fileProblems, ignored);

        var byId = roster.ToDictionary(m => m.Id, StringComparer.Ordinal);
        var seenIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenRegistry = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<ImportRow>();
        foreach (var (line, cells) in records.Skip(1))
        {
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            string? Cell(string column)
            {
                var index = header.IndexOf(column);
                if (index < 0 || index >= cells.Count) return null;
                var value = Unneutralise(cells[index]).Trim();
                return value.Length > 0 ? value : null;
            }
            var problems = new List<string>();
            if (cells.Count > header.Count && cells.Skip(header.Count).Any(c => c.Trim().Length > 0)) problems.Add(L["Import.ExtraCells"]);
            var draft = new MemberDraft
            {
                Id = Cell("id"), Name = Cell("name"), Type = Cell("type"), Region = Cell("region"), Sector = Cell("sector"),
                JoinedOn = Cell("joinedOn"), FoundedOn = Cell("foundedOn"), WorkerMembers = Cell("workerMembers"),
                RegistryId = Cell("registryId"), Status = Cell("status"), WithdrawnOn = Cell("withdrawnOn"),
                SectorTables = [.. (Cell("sectorTables") ?? "").Split([';', '|'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
            };
            var ambassador = Bool(Cell("ambassador"));
            if (ambassador is null) problems.Add(L["Import.BadBool", Cell("ambassador")!]);
            draft.Ambassador = ambassador ?? false;
            var (member, fieldProblems) = draft.Check(L, sectorTables, today);
            problems.AddRange(fieldProblems.Values);

            if (draft.Id is { } id && Ids.IsValid(id))
            {
                if (seenIds.TryGetValue(id, out var first)) problems.Add(L["Import.DuplicateId", id, first]);
                else seenIds[id] = line;
            }
            var registry = member?.RegistryId ?? draft.RegistryId?.Trim().ToUpperInvariant();
            if (registry is { Length: > 0 })
            {
                if (seenRegistry.TryGetValue(registry, out var first)) problems.Add(L["Import.DuplicateRegistry", registry, first]);
                else seenRegistry[registry] = line;
            }

            var outcome = ImportOutcome.Problem;
            if (problems.Count == 0 && member is not null)
            {
                var existing = member.Id.Length > 0 ? byId.GetValueOrDefault(member.Id) : roster.FirstOrDefault(m => Same(m, member));
                if (existing is not null && Same(existing, member)) outcome = ImportOutcome.Unchanged;
                else if (existing is not null) problems.Add(L["Import.IdTaken", member.Id]);
                else if (member.RegistryId is { } r && roster.FirstOrDefault(m => m.RegistryId == r && m.Status == MemberStatus.Active) is { } holder)
                    problems.Add(L["Import.RegistryTaken", r, holder.Name]);
                else outcome = ImportOutcome.New;
            }
            rows.Add(new ImportRow(line, draft, member, problems.Count > 0 ? ImportOutcome.Problem : outcome, problems));
        }
        if (rows.Count == 0) fileProblems.Add(L["Import.NoRows"]);
        return new ImportPlan(rows, fileProblems, ignored);
    }

    /// <summary>The same member, field by field, as the file can say it (the id aside: a row without one matches by content).</summary>
    private static bool Same(Member a, Member b) =>
        a.Name == b.Name && a.Type == b.Type && a.Region == b.Region && a.Sector == b.Sector && a.JoinedOn == b.JoinedOn
        && a.FoundedOn == b.FoundedOn && a.WorkerMembers == b.WorkerMembers && a.RegistryId == b.RegistryId && a.Status == b.Status
        && a.WithdrawnOn == b.WithdrawnOn && a.Ambassador == b.Ambassador && a.SectorTables.SequenceEqual(b.SectorTables, StringComparer.Ordinal);

    private static bool? Bool(string? text) => MemberDraft.Fold(text) switch
    {
        "" => false,
        "true" or "yes" or "oui" or "vrai" or "1" or "x" => true,
        "false" or "no" or "non" or "faux" or "0" => false,
        _ => null,
    };

    private static string FoldHeader(string header) =>
        new(MemberDraft.Fold(header).Where(char.IsAsciiLetterOrDigit).ToArray());

    /// <summary>
    /// The export puts an apostrophe before a character that would start a spreadsheet formula
    /// (CsvCells, CsvHelper's injection escaping); reading the export back takes it off again, so
    /// « '=Coop » exported is « =Coop » imported and a re-import of the export matches the roster.
    /// </summary>
    public static string Unneutralise(string cell)
    {
        if (cell.IndexOf('\'') < 0) return cell;
        var text = new StringBuilder(cell.Length);
        var cellStart = true;
        for (var i = 0; i < cell.Length; i++)
        {
            var c = cell[i];
            if (cellStart && c == '\'' && i + 1 < cell.Length && cell[i + 1] is '=' or '+' or '-' or '@' or '\t' or '\r') { cellStart = false; continue; }
            if (cellStart && c is not (' ' or '"')) cellStart = false;
            text.Append(c);
            if (c is ',' or ';' or '\t') cellStart = true;
        }
        return text.ToString();
    }

    /// <summary>RFC 4180 records (quotes, doubled quotes, line breaks inside quotes), the separator guessed from the header line.</summary>
    public static List<(int Line, List<string> Cells)> Parse(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var firstLine = text.Split('\n', 2)[0];
        var separator = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ';' : ',';
        var records = new List<(int, List<string>)>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var line = 1;
        var recordLine = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; cell.Append(c); }
                continue;
            }
            if (c == '"' && cell.Length == 0) quoted = true;
            else if (c == separator) { cells.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r') { }
            else if (c == '\n')
            {
                cells.Add(cell.ToString());
                cell.Clear();
                records.Add((recordLine, cells));
                cells = [];
                line++;
                recordLine = line;
            }
            else cell.Append(c);
        }
        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            records.Add((recordLine, cells));
        }
        return records;
    }
}
