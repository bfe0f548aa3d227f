using Microsoft.Playwright;
using RuBackup.Api;
using RuBackup.Rbm.Tests.PageObjects;

namespace RuBackup.Rbm.Tests;

/// <summary>The clients, users, audit and notifications pages against the real server and client daemons.</summary>
public sealed class ClientsAndUsersPageTests
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Slow = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToBeVisibleOptions SlowVisible = new() { Timeout = 30_000 };

    [Fact]
    public async Task Clients_ClientRegistersWhileOpen_AppearsWithNoticeAndAuthorizeReachesCatalog()
    {
        await using var run = await SystemRun.StartAsync(CatalogKind.Sqlite);
        await using var browser = await ConsoleBrowser.OpenAsync(run.Server.Url);
        await browser.SignInAsync("rubackup", ServerProcess.AdminPassword);
        await browser.GoAsync("/clients");
        var page = browser.Page;
        await Assertions.Expect(page.GetByTestId("unauthorized-notice")).ToHaveCountAsync(0);

        var (_, info) = await run.AddClientAsync("node-a", authorize: false);

        // No reload: the layout's notice and the page's row come with their periodic refresh.
        await Assertions.Expect(page.GetByTestId("unauthorized-notice")).ToBeVisibleAsync(SlowVisible);
        var row = page.GetByTestId("client-row-node-a");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Unauthorized", Slow);
        var waiting = page.GetByTestId("clients-filter-unauthorized");
        await Assertions.Expect(waiting).ToHaveAttributeAsync("data-count", "1");
        await waiting.ClickAsync();
        await Assertions.Expect(row).ToBeVisibleAsync();

        await page.GetByTestId("client-authorize-node-a").ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await page.GetByTestId("clients-filter-all").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Authorized", Slow);
        Assert.Equal(ClientStatus.Authorized, (await run.Admin.GetClientAsync(info.Id)).Status);
        await Assertions.Expect(page.GetByTestId("unauthorized-notice")).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        // Its resources: the VMs the authorized client reports, under its row.
        await SystemRun.EventuallyAsync(async () => (await run.Admin.GetClientResourcesAsync(info.Id)).Count > 0 ? "reported" : null, "node-a reports its VMs");
        await row.ClickAsync();
        await Assertions.Expect(page.GetByTestId("client-resources-node-a").GetByTestId("resource-row-web-1")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("en", "clients-resources");

        await browser.GoAsync("/audit");
        await page.GetByTestId("audit-filter").FillAsync("authorize");
        var entry = page.Locator("[data-action='client.authorize'][data-target='node-a']");
        await Assertions.Expect(entry).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-action='client.register']")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("en", "audit-filtered");
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task Clients_GroupRevokeAndDelete_ChangeCatalogAndBadGroupShowsAtField()
    {
        await using var run = await SystemRun.StartAsync(CatalogKind.Sqlite);
        var (_, info) = await run.AddClientAsync("node-b");
        await using var browser = await ConsoleBrowser.OpenAsync(run.Server.Url);
        await browser.SignInAsync("rubackup", ServerProcess.AdminPassword);
        await browser.GoAsync("/clients");
        var page = browser.Page;
        var row = page.GetByTestId("client-row-node-b");

        await page.GetByTestId("client-group-node-b").ClickAsync();
        var field = page.GetByTestId("client-group-input");
        await field.FillAsync("bad group!");
        await page.GetByTestId("client-group-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("client-group-dialog").Locator(".mud-input-helper-text.mud-input-error")).ToContainTextAsync("is not valid");
        await browser.ScreenshotAsync("en", "clients-group-error");
        Assert.Null((await run.Admin.GetClientAsync(info.Id)).Group);

        await field.FillAsync("cluster-1");
        await page.GetByTestId("client-group-save").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-group", "cluster-1");
        Assert.Equal("cluster-1", (await run.Admin.GetClientAsync(info.Id)).Group);

        await page.GetByTestId("client-revoke-node-b").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Revoked");
        Assert.Equal(ClientStatus.Revoked, (await run.Admin.GetClientAsync(info.Id)).Status);
        Assert.Equal("Revoked", await new ClientsPage(browser).StatusAsync("node-b"));

        // Cancelling the question keeps the client; confirming deletes it.
        await page.GetByTestId("client-delete-node-b").ClickAsync();
        await page.GetByTestId("confirm-no").ClickAsync();
        Assert.Single(await run.Admin.ListClientsAsync());
        await page.GetByTestId("client-delete-node-b").ClickAsync();
        await page.GetByTestId("confirm-yes").ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        Assert.Empty(await run.Admin.ListClientsAsync());
    }

    [Fact]
    public async Task ClientsPage_Authorize_MakesClientAuthorized()
    {
        await using var run = await SystemRun.StartAsync(CatalogKind.Sqlite);
        var (_, info) = await run.AddClientAsync("node-c", authorize: false);
        await using var browser = await ConsoleBrowser.OpenAsync(run.Server.Url);
        await browser.SignInAsync("rubackup", ServerProcess.AdminPassword);
        var clients = new ClientsPage(browser);

        Assert.Equal("Unauthorized", await clients.StatusAsync("node-c"));
        // The rows carry the invariant status, so the page object works in either language.
        await browser.Page.GetByTestId("lang-ru").ClickAsync();
        await Assertions.Expect(browser.Page.GetByTestId("clients-filter-unauthorized")).ToContainTextAsync("Неавторизованные клиенты (1)");
        await browser.ScreenshotAsync("ru", "clients-unauthorized");
        await clients.AuthorizeAsync("node-c");

        Assert.Equal("Authorized", await clients.StatusAsync("node-c"));
        Assert.Equal(ClientStatus.Authorized, (await run.Admin.GetClientAsync(info.Id)).Status);
    }

    [Fact]
    public async Task Users_CreateThroughForm_SavedOnlyWhenValid()
    {
        await using var run = await SystemRun.StartAsync(CatalogKind.Sqlite);
        await using var browser = await ConsoleBrowser.OpenAsync(run.Server.Url);
        await browser.SignInAsync("rubackup", ServerProcess.AdminPassword);
        await browser.GoAsync("/users");
        var page = browser.Page;
        var dialog = page.GetByTestId("user-create-dialog");

        // Bad entries: the messages at the fields, nothing saved.
        await browser.OpenDialogAsync("user-create", "user-name-input");
        await page.GetByTestId("user-password-input").FillAsync("short");
        await page.GetByTestId("user-create-save").ClickAsync();
        await Assertions.Expect(dialog.Locator(".mud-input-helper-text.mud-input-error")).ToHaveCountAsync(2);
        Assert.Single(await run.Admin.ListUsersAsync());

        await page.GetByTestId("user-name-input").FillAsync("anna");
        await page.GetByTestId("user-password-input").FillAsync("anna-secret-1");
        await page.GetByTestId("user-role-select").ClickAsync();
        await page.GetByTestId("user-role-option-Auditor").ClickAsync();
        await page.GetByTestId("user-create-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("user-row-anna")).ToHaveAttributeAsync("data-role", "Auditor");
        var anna = Assert.Single(await run.Admin.ListUsersAsync(), u => u.Name == "anna");
        Assert.Equal(UserRole.Auditor, anna.Role);
        await browser.ScreenshotAsync("en", "users");

        await page.GetByTestId("user-disable-anna").ClickAsync();
        await Assertions.Expect(page.GetByTestId("user-row-anna")).ToHaveAttributeAsync("data-disabled", "true");
        Assert.True(Assert.Single(await run.Admin.ListUsersAsync(), u => u.Name == "anna").Disabled);

        await page.GetByTestId("user-role-anna").ClickAsync();
        await page.GetByTestId("user-role-anna-Operator").ClickAsync();
        await Assertions.Expect(page.GetByTestId("user-row-anna")).ToHaveAttributeAsync("data-role", "Operator");
        Assert.Equal(UserRole.Operator, Assert.Single(await run.Admin.ListUsersAsync(), u => u.Name == "anna").Role);

        await page.GetByTestId("user-delete-anna").ClickAsync();
        await page.GetByTestId("confirm-yes").ClickAsync();
        await Assertions.Expect(page.GetByTestId("user-row-anna")).ToHaveCountAsync(0);
        Assert.DoesNotContain(await run.Admin.ListUsersAsync(), u => u.Name == "anna");
    }

    [Fact]
    public async Task Users_AdministratorCreatesAdministrator_RefusalAtRoleField()
    {
        await using var run = await SystemRun.StartAsync(CatalogKind.Sqlite);
        await run.Admin.CreateUserAsync(new CreateUserRequest("boss", "boss-secret-1", UserRole.Administrator));
        await using var browser = await ConsoleBrowser.OpenAsync(run.Server.Url);
        await browser.SignInAsync("boss", "boss-secret-1");
        await browser.GoAsync("/users");
        var page = browser.Page;

        await browser.OpenDialogAsync("user-create", "user-name-input");
        await page.GetByTestId("user-name-input").FillAsync("second");
        await page.GetByTestId("user-password-input").FillAsync("second-secret");
        await page.GetByTestId("user-role-select").ClickAsync();
        await page.GetByTestId("user-role-option-Administrator").ClickAsync();
        await page.GetByTestId("user-create-save").ClickAsync();

        await Assertions.Expect(page.GetByTestId("user-create-dialog").GetByText("only the superuser creates administrators")).ToBeVisibleAsync();
        Assert.DoesNotContain(await run.Admin.ListUsersAsync(), u => u.Name == "second");
    }

    [Fact]
    public async Task Auditor_SignedIn_SeesListsWithoutControls()
    {
        await using var run = await SystemRun.StartAsync(CatalogKind.Sqlite);
        await run.Admin.CreateUserAsync(new CreateUserRequest("watcher", "watcher-secret", UserRole.Auditor));
        await run.AddClientAsync("node-d", authorize: false);
        await using var browser = await ConsoleBrowser.OpenAsync(run.Server.Url);
        await browser.SignInAsync("watcher", "watcher-secret");
        var page = browser.Page;

        await browser.GoAsync("/clients");
        await Assertions.Expect(page.GetByTestId("client-row-node-d")).ToHaveAttributeAsync("data-status", "Unauthorized", Slow);
        await Assertions.Expect(page.Locator("[data-testid^='client-authorize-'], [data-testid^='client-revoke-'], [data-testid^='client-group-'], [data-testid^='client-delete-']")).ToHaveCountAsync(0);

        await browser.GoAsync("/users");
        await Assertions.Expect(page.GetByTestId("user-row-watcher")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("read-only")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid='user-create'], [data-testid^='user-delete-'], [data-testid^='user-disable-'], [data-testid^='user-role-']")).ToHaveCountAsync(0);

        await browser.GoAsync("/notifications");
        await Assertions.Expect(page.GetByTestId("notifications-table")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("notification-test")).ToHaveCountAsync(0);

        await browser.GoAsync("/audit");
        await Assertions.Expect(page.Locator("[data-action='client.register'][data-target='node-d']")).ToHaveCountAsync(1);
        Assert.Equal(ClientStatus.Unauthorized, Assert.Single(await run.Admin.ListClientsAsync()).Status);
    }

    [Fact]
    public async Task Notifications_TestToUnreachableWebhook_ShowsNotDelivered()
    {
        await using var run = await SystemRun.StartAsync(CatalogKind.Sqlite);
        await using var browser = await ConsoleBrowser.OpenAsync(run.Server.Url);
        await browser.SignInAsync("rubackup", ServerProcess.AdminPassword);
        await browser.GoAsync("/notifications");
        var page = browser.Page;

        await page.GetByTestId("notification-test").ClickAsync();
        await page.GetByTestId("notification-test-send").ClickAsync();
        await Assertions.Expect(page.GetByTestId("notification-test-dialog").Locator(".mud-input-helper-text.mud-input-error")).ToBeVisibleAsync();

        // Port 1 on loopback: refused at once, nothing leaves the machine.
        await page.GetByTestId("notification-test-address").FillAsync("http://127.0.0.1:1/hook");
        await page.GetByTestId("notification-test-send").ClickAsync();
        await Assertions.Expect(page.GetByTestId("notification-test-result")).ToHaveAttributeAsync("data-delivered", "false", Slow);
        await browser.ScreenshotAsync("en", "notifications-test");
        Assert.Empty(browser.ForeignRequests);
    }
}
