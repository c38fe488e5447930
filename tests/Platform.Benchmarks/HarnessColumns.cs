using System.Globalization;
using System.Runtime;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Platform.Benchmarks;

/// <summary>The QUALITY.md target a benchmark is read against, shown beside its figure in the summary.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class QualityTargetAttribute(string target) : Attribute
{
    public string Target { get; } = target;
}

/// <summary>What every benchmark class of the harness shows: the median beside the mean, and the target.</summary>
public static class HarnessConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .AddColumn(StatisticColumn.Median)
        .AddColumn(new QualityTargetColumn());
}

/// <summary>"Target (QUALITY.md)": the <see cref="QualityTargetAttribute"/> of the benchmark method, blank when it has none.</summary>
public sealed class QualityTargetColumn : IColumn
{
    public string Id => nameof(QualityTargetColumn);
    public string ColumnName => "Target (QUALITY.md)";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 100;
    public bool IsNumeric => false;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "The figure's target in ../shared/design/QUALITY.md (2-core machine)";

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => TargetOf(c) is not null);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => TargetOf(benchmarkCase) ?? "";
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    private static string? TargetOf(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttributes(typeof(QualityTargetAttribute), false).Cast<QualityTargetAttribute>().FirstOrDefault()?.Target;
}

/// <summary>
/// A figure the benchmark processes measure themselves (not a time): each appends its values to a
/// file under the temp folder, and this column, read in the BenchmarkDotNet host process, shows the
/// median over every launch. One file per method, key and GC mode, so a class may run under
/// server and workstation GC; the host clears them all before a run (<see cref="ForgetAll"/>).
/// </summary>
public sealed class MeasuredColumn(string key, string columnName, string legend, string unit) : IColumn
{
    public static readonly string Folder = Path.Combine(Path.GetTempPath(), "intercoop-bench", "measured");

    /// <summary>Called in the host process before any benchmark runs, so a column never shows a figure of an earlier run.</summary>
    public static void ForgetAll()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }

    /// <summary>Called in a benchmark process: one more value for this method and key.</summary>
    public static void Publish(string method, string key, double value)
    {
        Directory.CreateDirectory(Folder);
        File.AppendAllText(FileFor(method, GCSettings.IsServerGC, key), value.ToString("F0", CultureInfo.InvariantCulture) + "\n");
    }

    private static string FileFor(string method, bool serverGc, string key) =>
        Path.Combine(Folder, $"{method}-{(serverGc ? "server" : "workstation")}-{key}.txt");

    public string Id => $"{nameof(MeasuredColumn)}.{key}";
    public string ColumnName => columnName;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var file = FileFor(benchmarkCase.Descriptor.WorkloadMethod.Name, benchmarkCase.Job.Environment.Gc.Server, key);
        if (!File.Exists(file)) return "n/a";
        var values = File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).Order().ToList();
        if (values.Count == 0) return "n/a";
        var median = values[values.Count / 2];
        var text = unit == "MiB" ? $"{median / (1024 * 1024):N1} MiB" : $"{median:N0} {unit}";
        return $"{text} (n={values.Count})";
    }
}
