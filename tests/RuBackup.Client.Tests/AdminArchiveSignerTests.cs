using RuBackup.Api;
using RuBackup.Tools.Admin;

namespace RuBackup.Client.Tests;

/// <summary>rb_admin archives list|show name who signed each archive.</summary>
public sealed class AdminArchiveSignerTests
{
    private static readonly string Key = new('a', 64);

    private static async Task<ToolHarness> LoggedInAsync()
    {
        var h = await ToolHarness.StartAsync();
        h.Set(AdminContext.TokenVariable, FakeServer.UserToken).Set(AdminContext.ServerVariable, h.Server.Url.ToString());
        return h;
    }

    private static ArchiveInfo Archive(string id, string? signerKey, string? signedBy) => new()
    {
        Id = id, ClientId = 1, ClientName = "web-1", Pool = "pool1", ResourceType = "rustack", Resource = "vm-1",
        Type = BackupKind.Full, Created = DateTimeOffset.UtcNow, Status = "ok", SignerKey = signerKey, SignedBy = signedBy,
    };

    [Fact]
    public async Task ArchivesList_SignedUnknownUnsigned_SignedByColumn()
    {
        await using var h = await LoggedInAsync();
        h.Server.On("GET", ApiRoutes.Archives, new[] { Archive("A1", Key, "web-1"), Archive("A2", Key, null), Archive("A3", null, null) });

        var exit = await h.RunAsync(AdminTool.RunAsync, "archives", "list");

        Assert.Equal(0, exit);
        Assert.Contains("SIGNED BY", h.Out, StringComparison.Ordinal);
        Assert.Matches(@"A1 .*nocrypt\s+web-1\s", h.Out);
        Assert.Matches(@"A2 .*nocrypt\s+unknown key aaaaaaaaaaaaaaaa\s", h.Out);
        Assert.Matches(@"A3 .*nocrypt\s+unsigned\s", h.Out);
    }

    [Fact]
    public async Task ArchivesShow_Signed_SignedByAndFullKey()
    {
        await using var h = await LoggedInAsync();
        h.Server.On("GET", ApiRoutes.Archives + "/A1", Archive("A1", Key, "web-1"));

        var exit = await h.RunAsync(AdminTool.RunAsync, "archives", "show", "A1");

        Assert.Equal(0, exit);
        Assert.Matches(@"signed by:\s+web-1\n", h.Out);
        Assert.Matches($@"signer key:\s+{Key}\n", h.Out);
    }
}
