using System.Globalization;
using System.Text;
using RuBackup.Repository.Format;

namespace RuBackup.Repository.Signing;

/// <summary>A client key the judge knows: authorized keys are trusted, revoked ones are reported.</summary>
public sealed record TrustedSigner(string Fingerprint, string Client, bool Revoked);

public enum SignatureVerdict
{
    /// <summary>The manifest carries no signature (written before signing existed, or by a tool without a key).</summary>
    Unsigned,

    /// <summary>Signed; no list of clients was given to judge the key against.</summary>
    Unchecked,

    /// <summary>Signed by the key of a client the list knows and has not revoked.</summary>
    Trusted,

    /// <summary>Signed by the key of a client whose key has since been revoked.</summary>
    Revoked,

    /// <summary>Signed by a key no client on the list has: not made by any client this system knows.</summary>
    Unknown,
}

/// <summary>What the judge says of one manifest. The signature itself was already checked by <see cref="ManifestCodec"/>.</summary>
public sealed record SignatureCheck(string ArchiveId, SignatureVerdict Verdict, string? Fingerprint, string? NameInManifest, string? Client)
{
    /// <summary>Unknown keys are refused for restore and fail verification; the other verdicts are reported only.</summary>
    public bool Acceptable => Verdict is not SignatureVerdict.Unknown;

    /// <summary>Revoked and unsigned archives are accepted but told as warnings, wherever they are judged.</summary>
    public bool Warning => Verdict is SignatureVerdict.Revoked or SignatureVerdict.Unsigned;

    public string Describe()
    {
        var key = Fingerprint is null ? "" : SignerKeys.Short(Fingerprint);
        return Verdict switch
        {
            SignatureVerdict.Unsigned => $"archive {ArchiveId} is not signed",
            SignatureVerdict.Unchecked => $"archive {ArchiveId}: signed by '{NameInManifest}' (key {key}); the key was not checked against a list of clients",
            SignatureVerdict.Trusted => $"archive {ArchiveId}: signed by client {Client} (key {key})",
            SignatureVerdict.Revoked => $"archive {ArchiveId}: signed by client {Client} (key {key}), whose key is revoked",
            _ => $"archive {ArchiveId}: signed by an unknown key {key} (the manifest calls its signer '{NameInManifest}'); no client of this system has that key",
        };
    }
}

/// <summary>
/// The keys of the clients a server knows, to judge manifest signatures by. A file form lets the
/// server hand the list to a client's module and lets `rb_repo` judge offline:
/// <code>
/// # comment
/// FINGERPRINT(64 hex) authorized|revoked CLIENT-NAME
/// </code>
/// </summary>
public sealed class TrustedSigners
{
    private readonly Dictionary<string, TrustedSigner> _byFingerprint;

    public TrustedSigners(IEnumerable<TrustedSigner> signers)
    {
        ArgumentNullException.ThrowIfNull(signers);
        _byFingerprint = new Dictionary<string, TrustedSigner>(StringComparer.OrdinalIgnoreCase);
        foreach (var signer in signers)
        {
            _byFingerprint[signer.Fingerprint] = signer;
        }
    }

    public IReadOnlyCollection<TrustedSigner> Signers => _byFingerprint.Values;

    /// <param name="trusted">Null when no list was given: signed manifests are then "unchecked".</param>
    public static SignatureCheck Judge(ArchiveManifest manifest, TrustedSigners? trusted)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.SignerKey is null)
        {
            return new SignatureCheck(manifest.Id, SignatureVerdict.Unsigned, null, null, null);
        }
        var fingerprint = SignerKeys.FingerprintOf(manifest.SignerKey);
        if (trusted is null)
        {
            return new SignatureCheck(manifest.Id, SignatureVerdict.Unchecked, fingerprint, manifest.SignerName, null);
        }
        if (fingerprint is null || !trusted._byFingerprint.TryGetValue(fingerprint, out var signer))
        {
            return new SignatureCheck(manifest.Id, SignatureVerdict.Unknown, fingerprint, manifest.SignerName, null);
        }
        return new SignatureCheck(manifest.Id, signer.Revoked ? SignatureVerdict.Revoked : SignatureVerdict.Trusted, fingerprint, manifest.SignerName, signer.Client);
    }

    public static TrustedSigners Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RepositoryException($"{path}: {e.Message}", e);
        }
        var signers = new List<TrustedSigner>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var fields = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
            var where = string.Create(CultureInfo.InvariantCulture, $"{path}:{i + 1}");
            if (fields.Length != 3)
            {
                throw new RepositoryException($"{where}: expected 'FINGERPRINT authorized|revoked CLIENT', got '{line}'");
            }
            if (fields[0].Length != 64 || !fields[0].All(char.IsAsciiHexDigit))
            {
                throw new RepositoryException($"{where}: '{fields[0]}' is not a key fingerprint (64 hex digits, SHA-256 of the public key)");
            }
            var revoked = fields[1] switch
            {
                "authorized" => false,
                "revoked" => true,
                _ => throw new RepositoryException($"{where}: state '{fields[1]}' is neither 'authorized' nor 'revoked'"),
            };
            signers.Add(new TrustedSigner(fields[0].ToLowerInvariant(), fields[2], revoked));
        }
        return new TrustedSigners(signers);
    }

    public string ToFileText()
    {
        var text = new StringBuilder("# RuBackup trusted signers: FINGERPRINT authorized|revoked CLIENT\n");
        foreach (var signer in _byFingerprint.Values.OrderBy(s => s.Client, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{signer.Fingerprint} {(signer.Revoked ? "revoked" : "authorized")} {signer.Client}\n");
        }
        return text.ToString();
    }
}
