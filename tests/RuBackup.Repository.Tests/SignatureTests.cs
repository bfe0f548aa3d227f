using System.Buffers.Binary;
using System.Text;
using RuBackup.Repository.Crypto;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Repository.Signing;

namespace RuBackup.Repository.Tests;

/// <summary>
/// Signed manifests: who wrote an archive is provable without the master key, a changed byte is caught
/// even where the tag cannot be checked, and a judge with the clients' keys tells trusted, revoked and
/// unknown signers apart.
/// </summary>
public class SignatureTests
{
    private const int C = TestPool.ChunkSize;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Read_SignedArchive_CarriesSignerAndJudgedTrusted(bool encrypted)
    {
        using var pool = await TestPool.CreateAsync(dedup: true);
        using var signer = ManifestSigner.Generate("c1");
        var key = encrypted ? Images.Key(1) : null;
        var disk = Images.Random(3 * C, 1);

        var written = await BackupSignedAsync(pool, signer, key, disk);
        var read = await pool.Repository.Catalog.ReadAsync(written.Id, key);
        var listed = Assert.Single(await pool.Repository.Catalog.ListAsync());

        Assert.Equal(signer.PublicKey, read.SignerKey);
        Assert.Equal("c1", read.SignerName);
        Assert.Equal(signer.PublicKey, listed.SignerKey);
        var check = TrustedSigners.Judge(read, new TrustedSigners([new TrustedSigner(signer.Fingerprint, "c1", Revoked: false)]));
        Assert.Equal(SignatureVerdict.Trusted, check.Verdict);
        Assert.Equal(signer.Fingerprint, check.Fingerprint);
        Assert.Contains("signed by client c1", check.Describe(), StringComparison.Ordinal);
        Assert.Equal(disk, (await pool.RestoreAsync(written.Id, key))["sda.raw"]);
    }

    [Fact]
    public async Task Read_SignedPlainManifestChangedAndChecksumRecomputed_SignatureRefusesIt()
    {
        // A plain manifest's BLAKE3 tag is only a checksum: anyone may recompute it. The signature is
        // what stops a changed index from being taken as the client's.
        using var pool = await TestPool.CreateAsync(dedup: true);
        using var signer = ManifestSigner.Generate("c1");
        var written = await BackupSignedAsync(pool, signer, null, Images.Random(3 * C, 2));
        var path = ManifestPath(pool, written.Id);
        var bytes = await File.ReadAllBytesAsync(path);
        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        var entryAt = 12 + headerLength + 8 + 8; // first disk: count, then the first entry's digest
        bytes[entryAt] ^= 0x01;
        Blake3.Hasher.Hash(bytes.AsSpan(0, bytes.Length - 96), bytes.AsSpan(bytes.Length - 96, 32));
        await File.WriteAllBytesAsync(path, bytes);

        var error = await Assert.ThrowsAsync<DamagedDataException>(() => pool.Repository.Catalog.ReadAsync(written.Id, null));

        Assert.Contains("signature does not verify", error.Message, StringComparison.Ordinal);
        Assert.Contains(written.Id, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_EncryptedSignedManifestWithoutKey_EveryFlippedByteRefused()
    {
        // Without the master key (the server) the HMAC cannot be checked; the signature still covers
        // every byte, tag included.
        using var pool = await TestPool.CreateAsync(dedup: true);
        using var signer = ManifestSigner.Generate("c1");
        var written = await BackupSignedAsync(pool, signer, Images.Key(1), Images.Random(2 * C, 3));
        var path = ManifestPath(pool, written.Id);
        var original = await File.ReadAllBytesAsync(path);

        for (var at = 8; at < original.Length; at += 7)
        {
            var bytes = (byte[])original.Clone();
            bytes[at] ^= 0x40;
            Assert.ThrowsAny<RepositoryException>(() => ManifestCodec.Deserialize(bytes, null, $"byte {at}"));
        }
        Assert.Equal(signer.PublicKey, ManifestCodec.Deserialize(original, null, "original").SignerKey);
    }

    [Fact]
    public async Task Judge_SignedByAnotherKey_UnknownAndNotAcceptable()
    {
        using var pool = await TestPool.CreateAsync(dedup: true);
        using var client = ManifestSigner.Generate("c1");
        using var stranger = ManifestSigner.Generate("c1");
        var written = await BackupSignedAsync(pool, stranger, null, Images.Random(C, 4));
        var trusted = new TrustedSigners([new TrustedSigner(client.Fingerprint, "c1", Revoked: false)]);

        var check = TrustedSigners.Judge(await pool.Repository.Catalog.ReadAsync(written.Id, null), trusted);

        Assert.Equal(SignatureVerdict.Unknown, check.Verdict);
        Assert.False(check.Acceptable);
        Assert.Contains("unknown key " + SignerKeys.Short(stranger.Fingerprint), check.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Judge_RevokedClient_RevokedButAcceptable()
    {
        // Revoking a retired client must not make its backups unrestorable: reported, not refused.
        using var pool = await TestPool.CreateAsync(dedup: true);
        using var signer = ManifestSigner.Generate("old");
        var written = await BackupSignedAsync(pool, signer, null, Images.Random(C, 5));
        var trusted = new TrustedSigners([new TrustedSigner(signer.Fingerprint, "old-host", Revoked: true)]);

        var check = TrustedSigners.Judge(await pool.Repository.Catalog.ReadAsync(written.Id, null), trusted);

        Assert.Equal(SignatureVerdict.Revoked, check.Verdict);
        Assert.True(check.Acceptable);
        Assert.Contains("client old-host", check.Describe(), StringComparison.Ordinal);
        Assert.Contains("revoked", check.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serialize_Unsigned_SameBytesAsBeforeSigningExisted()
    {
        // Manifests written before signatures stay valid: an unsigned manifest has flag bit 1 clear and
        // no signer fields in its header.
        using var pool = await TestPool.CreateAsync(dedup: true);
        var written = (await pool.BackupAsync("vm", ArchiveType.Full, null, ("sda", Images.Random(C, 6)))).Manifest;
        var bytes = await File.ReadAllBytesAsync(ManifestPath(pool, written.Id));

        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)) & 2);
        Assert.DoesNotContain("signer", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(SignatureVerdict.Unsigned, TrustedSigners.Judge(await pool.Repository.Catalog.ReadAsync(written.Id, null), new TrustedSigners([])).Verdict);
    }

    [Fact]
    public async Task Read_SignatureCutOffAndFlagKept_RefusedAsTruncated()
    {
        using var pool = await TestPool.CreateAsync(dedup: true);
        using var signer = ManifestSigner.Generate("c1");
        var written = await BackupSignedAsync(pool, signer, null, Images.Random(C, 7));
        var bytes = await File.ReadAllBytesAsync(ManifestPath(pool, written.Id));

        Assert.ThrowsAny<RepositoryException>(() => ManifestCodec.Deserialize(bytes.AsSpan(0, bytes.Length - 64), null, "cut"));
    }

    [Fact]
    public void Load_BadLine_ErrorNamesFileAndLine()
    {
        using var folder = new TempFolder();
        var path = folder.Sub("signers");
        File.WriteAllText(path, "# clients\n" + new string('a', 64) + " authorized c1\n" + new string('b', 64) + " trusted c2\n");

        var error = Assert.Throws<RepositoryException>(() => TrustedSigners.Load(path));

        Assert.Contains(path + ":3", error.Message, StringComparison.Ordinal);
        Assert.Contains("'trusted'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileWrittenByToFileText_SameSigners()
    {
        using var folder = new TempFolder();
        var path = folder.Sub("signers");
        var signers = new TrustedSigners([new TrustedSigner(new string('a', 64), "c1", false), new TrustedSigner(new string('b', 64), "host two", true)]);
        File.WriteAllText(path, signers.ToFileText());

        var loaded = TrustedSigners.Load(path);

        Assert.Equal(signers.Signers.OrderBy(s => s.Client), loaded.Signers.OrderBy(s => s.Client));
    }

    private static async Task<ArchiveManifest> BackupSignedAsync(TestPool pool, ManifestSigner signer, MasterKey? key, byte[] disk) =>
        (await new BackupWriter(pool.Repository).WriteAsync(new BackupRequest
        {
            Resource = "vm",
            Type = ArchiveType.Full,
            Key = key,
            Signer = signer,
            Disks = [new MemoryDiskSource("sda", disk)],
        })).Manifest;

    private static string ManifestPath(TestPool pool, string id) => Path.Combine(pool.Root, "manifests", id + ".manifest");
}
