using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Repository.Signing;

namespace RuBackup.Server.Archives;

/// <summary>
/// The client keys archives are judged by: authorized clients' keys are trusted, revoked ones are known
/// but reported. A client not yet authorized is left out on purpose: registering a key must not be
/// enough to have archives signed with it accepted.
/// </summary>
public static class ClientSigners
{
    public static async Task<IReadOnlyList<SignerEntry>> ListAsync(ICatalog catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var clients = await catalog.ListClientsAsync(null, cancellationToken).ConfigureAwait(false);
        return [.. clients
            .Where(c => c.Info.Status is ClientStatus.Authorized or ClientStatus.Revoked)
            .Select(c => new SignerEntry(c.Info.KeyFingerprint, c.Info.Name, c.Info.Status))];
    }

    public static TrustedSigners Trust(IEnumerable<SignerEntry> entries) =>
        new(entries.Select(e => new TrustedSigner(e.Fingerprint, e.Client, e.Status == ClientStatus.Revoked)));
}
