using RuBackup.Crypto;

namespace RuBackup.Tools.Crypt.Tests.Support;

/// <summary>Theory data over Table 1, and fixed key material.</summary>
public static class Suites
{
    /// <summary>Every (algorithm, key length) of the catalog, by its label ("threefish-1024").</summary>
    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var suite in CipherCatalog.Suites)
            {
                data.Add(suite.Label);
            }
            return data;
        }
    }

    public static CipherSuite Get(string label) => CipherCatalog.Suites.Single(s => s.Label == label);

    public static byte[] Key(byte seed, int length = 32) => Enumerable.Range(0, length).Select(i => (byte)(seed + (i * 7))).ToArray();

    public static byte[] Data(int seed, int length)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
