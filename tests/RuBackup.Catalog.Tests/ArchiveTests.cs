using RuBackup.Api;

namespace RuBackup.Catalog.Tests;

public abstract class ArchiveTests : CatalogTestBase
{
    /// <summary>full F, incrementals I1 (on F) and I2 (on I1), differential D (on F), oldest first.</summary>
    private async Task CreateChainAsync()
    {
        await Catalog.CreateArchiveAsync(NewArchive("F", BackupKind.Full, null, created: T0), Ct);
        await Catalog.CreateArchiveAsync(NewArchive("I1", BackupKind.Incremental, "F", created: T0.AddHours(1)), Ct);
        await Catalog.CreateArchiveAsync(NewArchive("I2", BackupKind.Incremental, "I1", created: T0.AddHours(2)), Ct);
        await Catalog.CreateArchiveAsync(NewArchive("D", BackupKind.Differential, "F", created: T0.AddHours(3)), Ct);
    }

    [Fact]
    public async Task CreateArchiveAsync_EveryField_RoundTripsWithComputedChain()
    {
        await Catalog.CreateArchiveAsync(NewArchive("F", BackupKind.Full, null), Ct);
        var archive = new ArchiveInfo
        {
            Id = "20250301T130000Z-1a2b",
            ClientId = 3,
            ClientName = "web-1",
            Pool = "dedup",
            ResourceType = "rustack",
            Resource = "vm-1",
            ResourceName = "db server",
            Type = BackupKind.Incremental,
            Base = "F",
            Chain = ["ignored"],
            Created = T0.AddHours(1),
            SourceBytes = 10L << 30,
            StoredBytes = 123456789,
            Status = "committing",
            Encryption = "aes-256-gcm",
            KeyId = "k-77",
            SignerKey = "fp-nobody",
            RuleId = 9,
            KeepUntil = T0.AddDays(30),
        };

        await Catalog.CreateArchiveAsync(archive, Ct);

        Assert.Equal(Json(archive with { Chain = ["F", archive.Id] }), Json(await Catalog.FindArchiveAsync(archive.Id, Ct)));
        Assert.Null(await Catalog.FindArchiveAsync("none", Ct));
    }

    [Fact]
    public async Task FindAndListArchives_SignerKeyOfKnownClient_SignedByNamesClientUnknownOrUnsignedNull()
    {
        var signer = await RegisterAsync("web-1");
        await Catalog.CreateArchiveAsync(NewArchive("A", BackupKind.Full, null) with { SignerKey = signer.Info.KeyFingerprint }, Ct);
        await Catalog.CreateArchiveAsync(NewArchive("B", BackupKind.Full, null, resource: "vm-2") with { SignerKey = "fp-stranger" }, Ct);
        await Catalog.CreateArchiveAsync(NewArchive("C", BackupKind.Full, null, resource: "vm-3"), Ct);

        var found = await Catalog.FindArchiveAsync("A", Ct);
        var listed = (await Catalog.ListArchivesAsync(new ArchiveQuery(Status: "ok"), Ct)).ToDictionary(a => a.Id);

        Assert.Equal(("fp-web-1", "web-1"), (found!.SignerKey, found.SignedBy));
        Assert.Equal(("fp-web-1", "web-1"), (listed["A"].SignerKey, listed["A"].SignedBy));
        Assert.Equal(("fp-stranger", (string?)null), (listed["B"].SignerKey, listed["B"].SignedBy));
        Assert.Equal(((string?)null, (string?)null), (listed["C"].SignerKey, listed["C"].SignedBy));

        // The name is looked up now: once the client is gone the key is unknown, but still recorded.
        await Catalog.DeleteClientAsync(signer.Info.Id, Ct);
        Assert.Equal(("fp-web-1", (string?)null), ((await Catalog.FindArchiveAsync("A", Ct))!.SignerKey, (await Catalog.FindArchiveAsync("A", Ct))!.SignedBy));
    }

    [Fact]
    public async Task FindArchiveAsync_IncrementalsAndDifferential_ChainFollowsBaseOldestFirst()
    {
        await CreateChainAsync();

        Assert.Equal(["F"], (await Catalog.FindArchiveAsync("F", Ct))!.Chain);
        Assert.Equal(["F", "I1"], (await Catalog.FindArchiveAsync("I1", Ct))!.Chain);
        Assert.Equal(["F", "I1", "I2"], (await Catalog.FindArchiveAsync("I2", Ct))!.Chain);
        Assert.Equal(["F", "D"], (await Catalog.FindArchiveAsync("D", Ct))!.Chain);
    }

    [Fact]
    public async Task ListArchivesAsync_NoFilter_NewestFirstEachWithChain()
    {
        await CreateChainAsync();

        var archives = await Catalog.ListArchivesAsync(new ArchiveQuery(), Ct);

        Assert.Equal(["D", "I2", "I1", "F"], archives.Select(a => a.Id));
        Assert.Equal(["F", "I1", "I2"], archives[1].Chain);
        Assert.Equal(["F", "D"], archives[0].Chain);
    }

    [Fact]
    public async Task ListArchivesAsync_FilterExcludesBases_ChainStillComplete()
    {
        await CreateChainAsync();
        await Catalog.SetArchiveStatusAsync("I2", "damaged", Ct);

        var damaged = Assert.Single(await Catalog.ListArchivesAsync(new ArchiveQuery(Status: "damaged"), Ct));

        Assert.Equal("I2", damaged.Id);
        Assert.Equal(["F", "I1", "I2"], damaged.Chain);
    }

    [Fact]
    public async Task ListArchivesAsync_EachFilter_ReturnsOnlyMatches()
    {
        await Catalog.CreateArchiveAsync(NewArchive("a", BackupKind.Full, null, clientId: 1, created: T0, resource: "vm-1", pool: "p1") with { RuleId = 5 }, Ct);
        await Catalog.CreateArchiveAsync(NewArchive("b", BackupKind.Full, null, clientId: 2, created: T0.AddMinutes(1), resource: "vm-2", pool: "p1"), Ct);
        await Catalog.CreateArchiveAsync(NewArchive("c", BackupKind.Full, null, clientId: 1, created: T0.AddMinutes(2), resource: "vm-2", pool: "p2") with { Status = "damaged" }, Ct);

        async Task<IEnumerable<string>> Ids(ArchiveQuery query) => (await Catalog.ListArchivesAsync(query, Ct)).Select(a => a.Id);
        Assert.Equal(["c", "a"], await Ids(new ArchiveQuery(ClientId: 1)));
        Assert.Equal(["c", "b"], await Ids(new ArchiveQuery(Resource: "vm-2")));
        Assert.Equal(["b", "a"], await Ids(new ArchiveQuery(Pool: "p1")));
        Assert.Equal(["b", "a"], await Ids(new ArchiveQuery(Status: "ok")));
        Assert.Equal(["a"], await Ids(new ArchiveQuery(RuleId: 5)));
        Assert.Equal(["c"], await Ids(new ArchiveQuery(ClientId: 1, Resource: "vm-2")));
        Assert.Empty(await Ids(new ArchiveQuery(ClientId: 3)));
    }

    [Fact]
    public async Task FindArchiveAsync_BaseMissingFromCatalog_ChainStartsWithTheMissingBase()
    {
        await Catalog.CreateArchiveAsync(NewArchive("I", BackupKind.Incremental, "gone"), Ct);

        Assert.Equal(["gone", "I"], (await Catalog.FindArchiveAsync("I", Ct))!.Chain);
    }

    [Fact]
    public async Task CreateArchiveAsync_TakenId_ThrowsConflictNamingArchive()
    {
        await Catalog.CreateArchiveAsync(NewArchive("F", BackupKind.Full, null), Ct);

        var e = await Assert.ThrowsAsync<CatalogConflictException>(() => Catalog.CreateArchiveAsync(NewArchive("F", BackupKind.Full, null, clientId: 2), Ct));

        Assert.Equal("archive 'F' exists", e.Message);
        Assert.Equal(1, (await Catalog.FindArchiveAsync("F", Ct))!.ClientId);
    }

    [Fact]
    public async Task SetArchiveStatusAndStoredBytesAsync_Existing_StoredMissingFalse()
    {
        await Catalog.CreateArchiveAsync(NewArchive("F", BackupKind.Full, null) with { Status = "committing" }, Ct);

        Assert.True(await Catalog.SetArchiveStatusAsync("F", "ok", Ct));
        Assert.True(await Catalog.SetArchiveStoredBytesAsync("F", 1000, 250, Ct));
        Assert.False(await Catalog.SetArchiveStatusAsync("G", "ok", Ct));
        Assert.False(await Catalog.SetArchiveStoredBytesAsync("G", 1, 1, Ct));

        var found = await Catalog.FindArchiveAsync("F", Ct);
        Assert.Equal("ok", found!.Status);
        Assert.Equal(1000, found.SourceBytes);
        Assert.Equal(250, found.StoredBytes);
    }

    [Fact]
    public async Task DeleteArchiveAsync_Existing_RemovesItOnce()
    {
        await CreateChainAsync();

        Assert.True(await Catalog.DeleteArchiveAsync("D", Ct));
        Assert.False(await Catalog.DeleteArchiveAsync("D", Ct));

        Assert.Equal(["I2", "I1", "F"], (await Catalog.ListArchivesAsync(new ArchiveQuery(), Ct)).Select(a => a.Id));
    }
}
