using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace RuBackup.Bench;

/// <summary>Memory diagnoser plus a MiB/s column; the job (short, default...) comes from the command line.</summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new ThroughputColumn());
    }
}
