using RuBackup.Api;

namespace RuBackup.Catalog.Tests;

public abstract class ClientTests : CatalogTestBase
{
    [Fact]
    public async Task RegisterClientAsync_NewKey_CreatesUnauthorizedClient()
    {
        var client = await Catalog.RegisterClientAsync(Registration("web-1", "KEY1", "web-1.local", centralizedRestore: false), "SHA256:fp1", T0, Ct);

        var expected = new ClientInfo(client.Info.Id, "web-1", "web-1.local", ClientStatus.Unauthorized, "SHA256:fp1", ["rb_module_rustack"], false, null, T0, T0);
        Assert.Equal(Json(expected), Json(client.Info));
        Assert.Equal("KEY1", client.PublicKey);
        Assert.Equal(Json(client), Json(await Catalog.FindClientAsync(client.Info.Id, Ct)));
        Assert.Equal(Json(client), Json(await Catalog.FindClientByNameAsync("web-1", Ct)));
    }

    [Fact]
    public async Task RegisterClientAsync_SameKeyAgain_SameIdStatusKeptDetailsUpdated()
    {
        var first = await Catalog.RegisterClientAsync(Registration("web-1", "KEY1", "old-host"), "fp", T0, Ct);
        await Catalog.SetClientStatusAsync(first.Info.Id, ClientStatus.Authorized, Ct);

        var again = await Catalog.RegisterClientAsync(
            new ClientRegistration("renamed", "new-host", "KEY1", ["rb_module_rustack", "rb_module_other"], false, "2.0"), "fp", T0.AddHours(1), Ct);

        Assert.Equal(first.Info.Id, again.Info.Id);
        Assert.Equal(ClientStatus.Authorized, again.Info.Status);
        Assert.Equal("web-1", again.Info.Name);
        Assert.Equal("new-host", again.Info.Hostname);
        Assert.Equal(["rb_module_rustack", "rb_module_other"], again.Info.Modules);
        Assert.False(again.Info.CentralizedRestore);
        Assert.Equal(T0, again.Info.Registered);
        Assert.Equal(T0.AddHours(1), again.Info.LastSeen);
        Assert.Single(await Catalog.ListClientsAsync(null, Ct));
    }

    [Fact]
    public async Task RegisterClientAsync_NewKeyWithTakenName_ThrowsConflictNamingClient()
    {
        await Catalog.RegisterClientAsync(Registration("web-1", "KEY1"), "fp1", T0, Ct);

        var e = await Assert.ThrowsAsync<CatalogConflictException>(
            () => Catalog.RegisterClientAsync(Registration("web-1", "KEY2"), "fp2", T0, Ct));

        Assert.Contains("client 'web-1' exists", e.Message, StringComparison.Ordinal);
        Assert.Equal("KEY1", (await Catalog.FindClientByNameAsync("web-1", Ct))!.PublicKey);
    }

    [Fact]
    public async Task RegisterClientAsync_SameKeyConcurrently_OneClientPerKey()
    {
        for (var round = 0; round < 10; round++)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
                Task.Run(() => Catalog.RegisterClientAsync(Registration($"web-{round}", $"KEY{round}", $"host-{i}"), "fp", T0.AddSeconds(i), Ct))));

            Assert.Single(results.Select(r => r.Info.Id).Distinct());
        }

        Assert.Equal(10, (await Catalog.ListClientsAsync(null, Ct)).Count);
    }

    [Fact]
    public async Task ListClientsAsync_StatusFilter_ReturnsOnlyThatStatusInIdOrder()
    {
        var a = await RegisterAsync("a");
        var b = await RegisterAsync("b");
        var c = await RegisterAsync("c");
        await Catalog.SetClientStatusAsync(a.Info.Id, ClientStatus.Authorized, Ct);
        await Catalog.SetClientStatusAsync(c.Info.Id, ClientStatus.Revoked, Ct);

        Assert.Equal(["a", "b", "c"], (await Catalog.ListClientsAsync(null, Ct)).Select(x => x.Info.Name));
        Assert.Equal(["b"], (await Catalog.ListClientsAsync(ClientStatus.Unauthorized, Ct)).Select(x => x.Info.Name));
        Assert.Equal(["a"], (await Catalog.ListClientsAsync(ClientStatus.Authorized, Ct)).Select(x => x.Info.Name));
        Assert.Equal(["c"], (await Catalog.ListClientsAsync(ClientStatus.Revoked, Ct)).Select(x => x.Info.Name));
        Assert.True(b.Info.Id > a.Info.Id);
    }

    [Fact]
    public async Task SetClientStatusAsync_MissingClient_ReturnsFalse()
    {
        Assert.False(await Catalog.SetClientStatusAsync(42, ClientStatus.Authorized, Ct));
        Assert.False(await Catalog.SetClientGroupAsync(42, "g", Ct));
        Assert.Null(await Catalog.FindClientAsync(42, Ct));
    }

    [Fact]
    public async Task SetClientGroupAsync_SetThenClear_Stored()
    {
        var a = await RegisterAsync("a");

        Assert.True(await Catalog.SetClientGroupAsync(a.Info.Id, "cluster-1", Ct));
        Assert.Equal("cluster-1", (await Catalog.FindClientAsync(a.Info.Id, Ct))!.Info.Group);
        Assert.True(await Catalog.SetClientGroupAsync(a.Info.Id, null, Ct));
        Assert.Null((await Catalog.FindClientAsync(a.Info.Id, Ct))!.Info.Group);
    }

    [Fact]
    public async Task TouchClientAsync_Later_UpdatesLastSeenOnly()
    {
        var a = await RegisterAsync("a");

        await Catalog.TouchClientAsync(a.Info.Id, T0.AddMinutes(5), Ct);

        var found = (await Catalog.FindClientAsync(a.Info.Id, Ct))!.Info;
        Assert.Equal(T0.AddMinutes(5), found.LastSeen);
        Assert.Equal(T0, found.Registered);
    }

    [Fact]
    public async Task SaveResourcesAsync_SecondReport_ReplacesThatTypeOnlyInOrder()
    {
        var a = await RegisterAsync("a");
        await Catalog.SaveResourcesAsync(a.Info.Id, new ResourceReport("rustack", [new("rustack", "vm-1", "one", "ACTIVE"), new("rustack", "vm-2", "two", "SHUTOFF")]), Ct);
        await Catalog.SaveResourcesAsync(a.Info.Id, new ResourceReport("other", [new("other", "x", "x", "ok")]), Ct);

        await Catalog.SaveResourcesAsync(a.Info.Id, new ResourceReport("rustack", [new("rustack", "vm-3", "three", "ACTIVE"), new("rustack", "vm-1", "one", "SHUTOFF")]), Ct);

        var resources = await Catalog.ListResourcesAsync(a.Info.Id, Ct);
        Assert.Equal(
            [new("other", "x", "x", "ok"), new("rustack", "vm-3", "three", "ACTIVE"), new ResourceInfo("rustack", "vm-1", "one", "SHUTOFF")],
            resources);
    }

    [Fact]
    public async Task SaveResourcesAsync_EmptyReport_ClearsThatType()
    {
        var a = await RegisterAsync("a");
        await Catalog.SaveResourcesAsync(a.Info.Id, new ResourceReport("rustack", [new("rustack", "vm-1", "one", "ACTIVE")]), Ct);

        await Catalog.SaveResourcesAsync(a.Info.Id, new ResourceReport("rustack", []), Ct);

        Assert.Empty(await Catalog.ListResourcesAsync(a.Info.Id, Ct));
    }

    [Fact]
    public async Task DeleteClientAsync_Existing_RemovesClientAndItsResources()
    {
        var a = await RegisterAsync("a");
        var b = await RegisterAsync("b");
        await Catalog.SaveResourcesAsync(a.Info.Id, new ResourceReport("rustack", [new("rustack", "vm-1", "one", "ACTIVE")]), Ct);
        await Catalog.SaveResourcesAsync(b.Info.Id, new ResourceReport("rustack", [new("rustack", "vm-2", "two", "ACTIVE")]), Ct);

        Assert.True(await Catalog.DeleteClientAsync(a.Info.Id, Ct));
        Assert.False(await Catalog.DeleteClientAsync(a.Info.Id, Ct));

        Assert.Null(await Catalog.FindClientAsync(a.Info.Id, Ct));
        Assert.Empty(await Catalog.ListResourcesAsync(a.Info.Id, Ct));
        Assert.Single(await Catalog.ListResourcesAsync(b.Info.Id, Ct));

        // The same key registers afresh, as a new unauthorized client with a new id.
        var again = await Catalog.RegisterClientAsync(Registration("a", "key-of-a"), "fp-a", T0, Ct);
        Assert.NotEqual(a.Info.Id, again.Info.Id);
        Assert.Equal(ClientStatus.Unauthorized, again.Info.Status);
    }
}
