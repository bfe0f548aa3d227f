using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Repository.Signing;

namespace RuBackup.Repository.Tests;

/// <summary>The verifier judges every manifest of its scope by its signer when given the clients' keys.</summary>
public class SignatureVerifyTests
{
    private const int C = TestPool.ChunkSize;

    [Fact]
    public async Task Verify_ChainSignedByTrustedAndRevokedClients_CleanOneJudgementPerArchive()
    {
        using var pool = await TestPool.CreateAsync(dedup: true);
        using var retired = ManifestSigner.Generate("old");
        using var current = ManifestSigner.Generate("c1");
        var disk = Images.Random(3 * C, 1);
        var full = await BackupAsync(pool, retired, ArchiveType.Full, disk);
        disk[5] ^= 1;
        var incremental = await BackupAsync(pool, current, ArchiveType.Incremental, disk);
        var signers = new TrustedSigners([new TrustedSigner(current.Fingerprint, "c1", false), new TrustedSigner(retired.Fingerprint, "old", true)]);

        var report = await new RepositoryVerifier(pool.Repository) { Signers = signers }.VerifyAsync(incremental.Id, null);

        Assert.True(report.Clean);
        Assert.Equal(
            [(incremental.Id, SignatureVerdict.Trusted, (string?)"c1"), (full.Id, SignatureVerdict.Revoked, "old")],
            report.Signatures.Select(s => (s.ArchiveId, s.Verdict, s.Client)));
    }

    [Fact]
    public async Task Verify_SignedByKeyNotInList_NotCleanWithUnknownAndNoDamage()
    {
        using var pool = await TestPool.CreateAsync(dedup: false);
        using var stranger = ManifestSigner.Generate("c1");
        using var client = ManifestSigner.Generate("c1");
        var written = await BackupAsync(pool, stranger, ArchiveType.Full, Images.Random(2 * C, 2));

        var report = await new RepositoryVerifier(pool.Repository) { Signers = new TrustedSigners([new TrustedSigner(client.Fingerprint, "c1", false)]) }
            .VerifyAsync(written.Id, null);

        Assert.False(report.Clean);
        Assert.Empty(report.DamagedChunks);
        Assert.Empty(report.DamagedManifests);
        var check = Assert.Single(report.Signatures);
        Assert.Equal((SignatureVerdict.Unknown, stranger.Fingerprint), (check.Verdict, check.Fingerprint));
    }

    [Fact]
    public async Task Verify_NoSignersGiven_SignedUncheckedUnsignedUnsignedAndClean()
    {
        using var pool = await TestPool.CreateAsync(dedup: true);
        using var signer = ManifestSigner.Generate("c1");
        var signed = await BackupAsync(pool, signer, ArchiveType.Full, Images.Random(C, 3));
        var unsigned = (await pool.BackupAsync("other", ArchiveType.Full, null, ("sda", Images.Random(C, 4)))).Manifest;

        var report = await pool.VerifyAsync(null);

        Assert.True(report.Clean);
        Assert.Equal(
            [(unsigned.Id, SignatureVerdict.Unsigned), (signed.Id, SignatureVerdict.Unchecked)],
            report.Signatures.Select(s => (s.ArchiveId, s.Verdict)).OrderBy(s => s.Verdict));
    }

    private static async Task<ArchiveManifest> BackupAsync(TestPool pool, ManifestSigner signer, ArchiveType type, byte[] disk) =>
        (await new BackupWriter(pool.Repository).WriteAsync(new BackupRequest
        {
            Resource = "vm",
            Type = type,
            Signer = signer,
            Disks = [new MemoryDiskSource("sda", disk)],
        })).Manifest;
}
