namespace RuBackup.Crypto.Tests;

public class CipherKeysTests
{
    [Fact]
    public void Derive_EverySuite_GivesKeysNoOtherSuiteShares()
    {
        var key = Suites.MasterKey(3);
        var seen = new HashSet<string>();
        foreach (var suite in CipherCatalog.Suites)
        {
            var keys = CipherKeys.Derive(suite, key);
            Assert.Equal(suite.KeyBytes, keys.CipherKey.Length);
            // Compare 16-byte prefixes: a longer key derived under another label must not start the same.
            Assert.True(seen.Add(Convert.ToHexString(keys.CipherKey, 0, 16)), $"{suite} cipher key repeats");
            Assert.True(seen.Add(Convert.ToHexString(keys.MacKey, 0, 16)), $"{suite} MAC key repeats");
        }
    }

    [Fact]
    public void Derive_NeverReturnsTheMaterialItself()
    {
        var key = Suites.MasterKey(4);
        var keys = CipherKeys.Derive(CipherCatalog.Get("Rijndael", 256), key);
        Assert.NotEqual(key, keys.CipherKey);
        Assert.NotEqual(key, keys.MacKey);
    }

    [Fact]
    public void Derive_SameMaterial_IsDeterministic()
    {
        var suite = CipherCatalog.Get("Threefish", 1024);
        var a = CipherKeys.Derive(suite, Suites.MasterKey(5));
        var b = CipherKeys.Derive(suite, Suites.MasterKey(5));
        Assert.Equal(a.CipherKey, b.CipherKey);
        Assert.Equal(a.MacKey, b.MacKey);
    }
}
