using RuBackup.Api;

namespace RuBackup.Rbm.Components.Repository;

/// <summary>How the console shows who signed an archive; the value names are the rows' invariant data-signer-state.</summary>
public enum SignerState
{
    Trusted,
    Revoked,
    Unknown,
    Unsigned,
}

/// <summary>
/// The same judgement the server's verification makes, from what the page already has: the archive's
/// recorded signer and the clients' statuses. An authorized client's key is trusted, a revoked one is
/// reported, a key no client holds (or one whose client is not authorized) is unknown.
/// </summary>
public static class ArchiveSigners
{
    public static SignerState StateOf(ArchiveInfo archive, IReadOnlyDictionary<string, ClientStatus> clients)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(clients);
        if (archive.SignerKey is null)
        {
            return SignerState.Unsigned;
        }
        return archive.SignedBy is { } name && clients.TryGetValue(name, out var status)
            ? status switch
            {
                ClientStatus.Authorized => SignerState.Trusted,
                ClientStatus.Revoked => SignerState.Revoked,
                _ => SignerState.Unknown,
            }
            : SignerState.Unknown;
    }

    /// <summary>The first 16 hex digits, as the server's messages and rb_admin show a key.</summary>
    public static string Short(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        return fingerprint.Length > 16 ? fingerprint[..16] : fingerprint;
    }
}
