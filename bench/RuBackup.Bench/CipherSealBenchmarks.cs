using BenchmarkDotNet.Attributes;
using RuBackup.Crypto;

namespace RuBackup.Bench;

/// <summary>
/// <see cref="IAuthenticatedCipher.Seal"/> (counter mode + HMAC-SHA-256) of one 1 MiB buffer for every
/// algorithm and key length of the document's Table 1: the throughput table.
/// <c>bench/run.sh --micro --filter '*CipherSeal*'</c>.
/// </summary>
[Config(typeof(CipherBenchConfig))]
public class CipherSealBenchmarks
{
    public const int BufferSize = 1 << 20;

    private IAuthenticatedCipher? _cipher;
    private byte[] _plain = [];
    private byte[] _output = [];

    /// <summary>"Kuznyechik-256": one value per suite, so the table reads like Table 1.</summary>
    [ParamsSource(nameof(SuiteNames))]
    public string Suite { get; set; } = "";

    public static IEnumerable<string> SuiteNames => CipherCatalog.Suites.Select(s => s.ToString());

    [GlobalSetup]
    public void Setup()
    {
        var suite = CipherCatalog.Suites.Single(s => s.ToString() == Suite);
        _cipher = AuthenticatedCipher.Create(suite, Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        // Counter mode's speed does not depend on content; fixed bytes keep runs comparable.
        _plain = new byte[BufferSize];
        new Random(42).NextBytes(_plain);
        _output = new byte[BufferSize + _cipher.Overhead];
    }

    [GlobalCleanup]
    public void Cleanup() => _cipher?.Dispose();

    [Benchmark]
    public int Seal() => _cipher!.Seal(_plain, [], _output);

    private sealed class CipherBenchConfig : BenchConfig
    {
        public CipherBenchConfig()
            : base(BufferSize)
        {
        }
    }
}
