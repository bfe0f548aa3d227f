using RuBackup.Repository;
using RuBackup.Repository.Format;
using RuBackup.Repository.Signing;

namespace RuBackup.Rustack.Restore;

/// <summary>
/// Judges who signed every archive a restore reads (docs/format.md "Signatures"), before anything is
/// created in the cloud or written to the target: an unknown key refuses the restore; a revoked key
/// or a missing signature is a warning (retiring a client must not orphan its backups); a trusted or
/// unchecked (no list given) signer is reported.
/// </summary>
public static class SignatureGate
{
    /// <exception cref="RepositoryException">An archive is signed by a key no client of the system has.</exception>
    /// <param name="trusted">The clients' keys (`--signers`); null when none was given.</param>
    public static IReadOnlyList<SignatureCheck> Check(IReadOnlyList<ArchiveManifest> chain, TrustedSigners? trusted, ModuleLog log)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(log);
        var checks = chain.Select(manifest => TrustedSigners.Judge(manifest, trusted)).ToList();
        // All judged first: a refusal is the one line of the first unknown signer, with nothing logged before it.
        if (checks.FirstOrDefault(c => !c.Acceptable) is { } refused)
        {
            throw new RepositoryException($"{refused.Describe()}; restore refused");
        }
        foreach (var check in checks)
        {
            if (check.Warning)
            {
                log.Warn(check.Describe());
            }
            else
            {
                log.Info(check.Describe());
            }
        }
        return checks;
    }
}
