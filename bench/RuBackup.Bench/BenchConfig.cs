using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace RuBackup.Bench;

/// <summary>Memory diagnoser plus a MiB/s column; the job (short, default...) comes from the command line.</summary>
public class BenchConfig : ManualConfig
{
    public BenchConfig()
        : this(ChunkData.ChunkSize)
    {
    }

    protected BenchConfig(int bytesPerOperation)
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new ThroughputColumn(bytesPerOperation));
    }
}
