namespace RuBackup.Crypto.Tests;

/// <summary>Theory data: every (algorithm, key length) of the catalog.</summary>
public static class Suites
{
    public static TheoryData<string, int> All
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var suite in CipherCatalog.Suites)
            {
                data.Add(suite.Algorithm, suite.KeyBits);
            }
            return data;
        }
    }

    public static byte[] MasterKey(byte seed) => Enumerable.Range(0, 32).Select(i => (byte)(seed + (i * 7))).ToArray();
}
