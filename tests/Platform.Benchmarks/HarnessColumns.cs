using System.Globalization;
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
/// A figure the benchmark process measures itself (not a time): it writes the median to a file
/// under the temp folder, and this column, read in the BenchmarkDotNet host process, shows it.
/// </summary>
public sealed class MeasuredColumn(string key, string columnName, string legend, string unit) : IColumn
{
    public static readonly string Folder = Path.Combine(Path.GetTempPath(), "intercoop-bench", "measured");

    /// <summary>Called in the benchmark process: the median of <paramref name="values"/> for this method and key.</summary>
    public static void Publish(string method, string key, IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) return;
        var median = values.Order().ElementAt(values.Count / 2);
        Directory.CreateDirectory(Folder);
        File.WriteAllText(FileFor(method, key), median.ToString("F0", CultureInfo.InvariantCulture));
    }

    /// <summary>Called before a run, so a column never shows a figure of an earlier run.</summary>
    public static void Forget(string method, string key) => File.Delete(FileFor(method, key));

    private static string FileFor(string method, string key) => Path.Combine(Folder, $"{method}-{key}.txt");

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
        var file = FileFor(benchmarkCase.Descriptor.WorkloadMethod.Name, key);
        if (!File.Exists(file)) return "n/a";
        var value = double.Parse(File.ReadAllText(file), CultureInfo.InvariantCulture);
        return unit == "MiB" ? $"{value / (1024 * 1024):N1} MiB" : $"{value:N0} {unit}";
    }
}
