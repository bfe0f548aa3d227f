using BenchmarkDotNet.Running;

namespace RuBackup.Bench;

/// <summary>
/// Micro-benchmarks of the chunk path. Run through bench/run.sh --micro, or directly:
/// <c>dotnet run -c Release --project bench/RuBackup.Bench -- --job short --filter '*'</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
