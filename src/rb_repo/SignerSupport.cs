using System.CommandLine;
using RuBackup.Repository;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Repository.Signing;

namespace RuBackup.RepoTool;

/// <summary>
/// Signing archives (backup) and judging their signers (restore, verify) against a signers file, the
/// list of client keys a server hands out (docs/format.md "Signatures").
/// </summary>
internal static class SignerSupport
{
    public static Option<string?> SigningKeyOption() =>
        new("--signing-key") { Description = "Sign the manifest with this ECDSA P-256 private key (PKCS#8 PEM, a client's keys/client.key)", HelpName = "FILE" };

    public static Option<string?> SignerNameOption() =>
        new("--signer-name") { Description = "With --signing-key: the name recorded next to the key (default: the host name)", HelpName = "NAME" };

    public static Option<string?> SignersOption(string refusal) => new("--signers")
    {
        Description = $"Judge who signed each archive against this list ('FINGERPRINT authorized|revoked CLIENT' lines): one line per archive; {refusal}",
        HelpName = "FILE",
    };

    public static ManifestSigner? LoadSigner(string? keyFile, string? name)
    {
        if (keyFile is null)
        {
            return name is null ? null : throw new RepositoryException("--signer-name needs the key to sign with: give --signing-key FILE");
        }
        return ManifestSigner.FromPemFile(keyFile, name ?? Environment.MachineName);
    }

    public static TrustedSigners? LoadSigners(string? path) => path is null ? null : TrustedSigners.Load(path);

    /// <summary>The line an operator reads: a warning for revoked and unsigned archives, plain otherwise.</summary>
    public static string Line(SignatureCheck check) =>
        check.Warning ? $"rb_repo: warning: {check.Describe()}" : $"rb_repo: {check.Describe()}";

    /// <summary>SHORT-FINGERPRINT (NAME) of the signer, or "-" for an unsigned archive.</summary>
    public static string Signer(ArchiveManifest manifest)
    {
        var fingerprint = Fingerprint(manifest);
        return fingerprint is null ? "-" : $"{SignerKeys.Short(fingerprint)} ({manifest.SignerName})";
    }

    public static string? Fingerprint(ArchiveManifest manifest) => manifest.SignerKey is null ? null : SignerKeys.FingerprintOf(manifest.SignerKey);

    /// <summary>The judgement as JSON: archive, verdict, signer fingerprint, client (when known), name in the manifest.</summary>
    public static object Json(SignatureCheck check) => new
    {
        archive = check.ArchiveId,
        verdict = check.Verdict,
        signer = check.Fingerprint,
        client = check.Client,
        signer_name = check.NameInManifest,
        message = check.Describe(),
    };
}
