using Org.BouncyCastle.Crypto;

namespace RuBackup.Crypto;

/// <summary>
/// One row of the document's Table 1 at one key length: what an archive header records (the one-byte
/// <see cref="Code"/>) and what builds the block cipher. Instances come only from <see cref="CipherCatalog"/>.
/// </summary>
public sealed class CipherSuite
{
    private readonly Func<IBlockCipher> _createEngine;
    private readonly Func<byte[], ICipherParameters> _parameters;

    internal CipherSuite(string algorithm, int keyBits, int blockBits, byte code, Func<IBlockCipher> createEngine,
        Func<byte[], ICipherParameters> parameters)
    {
        Algorithm = algorithm;
        KeyBits = keyBits;
        BlockBits = blockBits;
        Code = code;
        _createEngine = createEngine;
        _parameters = parameters;
    }

    /// <summary>The algorithm as the document spells it ("Kuznyechik", "Rijndael").</summary>
    public string Algorithm { get; }

    public int KeyBits { get; }

    public int BlockBits { get; }

    public int BlockBytes => BlockBits / 8;

    public int KeyBytes => KeyBits / 8;

    /// <summary>Stable on-disk identifier of (algorithm, key bits); never reused or renumbered.</summary>
    public byte Code { get; }

    /// <summary>"kuznyechik-256": the key-derivation label and the name in messages.</summary>
    public string Label => $"{Algorithm.ToLowerInvariant()}-{KeyBits}";

    /// <summary>A fresh block cipher initialised with <paramref name="key"/> (exactly <see cref="KeyBytes"/> bytes).</summary>
    public IBlockCipher CreateEngine(byte[] key, bool forEncryption)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != KeyBytes)
        {
            throw new ArgumentException($"{Label} takes a {KeyBytes}-byte key, not {key.Length} bytes", nameof(key));
        }
        var engine = _createEngine();
        engine.Init(forEncryption, _parameters(key));
        return engine;
    }

    public override string ToString() => $"{Algorithm}-{KeyBits}";
}
