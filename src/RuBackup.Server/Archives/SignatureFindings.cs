using RuBackup.Catalog;
using RuBackup.Repository.Signing;

namespace RuBackup.Server.Archives;

/// <summary>A task log line: "info", "warning" or "error".</summary>
public sealed record FindingLine(string Level, string Message);

/// <summary>
/// What a verification says of the signers of the manifests it read: log lines for every archive, and
/// the failures (an unknown signer, or a signer other than the one the catalog recorded at commit).
/// </summary>
public sealed record SignatureFindings(IReadOnlyList<FindingLine> Lines, IReadOnlyList<string> Failures)
{
    /// <summary>
    /// Judges each check (made against the catalog's client keys) and compares its signer with the one
    /// recorded when the archive was committed: the commit checked the signer was the committing
    /// client, so a different signer now means the manifest was replaced, and none means the signature
    /// was stripped (possible where the tag is a plain checksum). Archives without a catalog row are
    /// only judged.
    /// </summary>
    public static async Task<SignatureFindings> JudgeAsync(ICatalog catalog, IReadOnlyList<SignatureCheck> checks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(checks);
        var lines = new List<FindingLine>();
        var failures = new List<string>();
        foreach (var check in checks)
        {
            var verdict = check.Describe();
            if (!check.Acceptable)
            {
                failures.Add(verdict);
            }
            lines.Add(new FindingLine(!check.Acceptable ? "error" : check.Warning ? "warning" : "info", verdict));
            var row = await catalog.FindArchiveAsync(check.ArchiveId, cancellationToken).ConfigureAwait(false);
            if (row is not null && !string.Equals(row.SignerKey, check.Fingerprint, StringComparison.OrdinalIgnoreCase))
            {
                var mismatch = Mismatch(check, row.SignerKey, row.SignedBy);
                failures.Add(mismatch);
                lines.Add(new FindingLine("error", mismatch));
            }
        }
        return new SignatureFindings(lines, failures);
    }

    private static string Mismatch(SignatureCheck check, string? recorded, string? recordedClient)
    {
        var then = recorded is null
            ? "it was committed unsigned"
            : $"it was committed signed by key {SignerKeys.Short(recorded)}{(recordedClient is null ? "" : $" (client {recordedClient})")}";
        return check.Fingerprint is null
            ? $"archive {check.ArchiveId}: the manifest is not signed now, but {then}: the signature was removed"
            : $"archive {check.ArchiveId}: the manifest is signed by key {SignerKeys.Short(check.Fingerprint)}, but {then}: the manifest was replaced";
    }
}
