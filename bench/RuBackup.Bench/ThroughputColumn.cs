using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace RuBackup.Bench;

/// <summary>Plaintext MiB per second of one operation on <c>bytesPerOperation</c> bytes (default: one chunk).</summary>
public sealed class ThroughputColumn(int bytesPerOperation = ChunkData.ChunkSize) : IColumn
{
    public string Id => nameof(ThroughputColumn);
    public string ColumnName => "MiB/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => $"Plaintext throughput: {bytesPerOperation / 1024} KiB divided by the mean time";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats || stats.Mean <= 0)
        {
            return "NA";
        }
        var seconds = stats.Mean / 1e9; // Mean is in nanoseconds
        return (bytesPerOperation / (1024.0 * 1024.0) / seconds).ToString("0", System.Globalization.CultureInfo.InvariantCulture);
    }

    public override string ToString() => ColumnName;
}
