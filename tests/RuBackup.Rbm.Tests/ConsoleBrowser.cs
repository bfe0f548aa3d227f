using Microsoft.Playwright;

namespace RuBackup.Rbm.Tests;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright, with one page signed in to the console. Every
/// request the page makes is recorded: the console must never reach beyond the server that serves it.
/// </summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    /// <summary>The flags DEVELOPERS.md lists: no sandbox (containers), no GPU, and none of Chromium's own traffic.</summary>
    public static readonly string[] ChromiumFlags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<string> _foreignRequests = [];
    private readonly List<string> _consoleErrors = [];

    private ConsoleBrowser(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page, string baseUrl)
    {
        _playwright = playwright;
        _browser = browser;
        Context = context;
        Page = page;
        BaseUrl = baseUrl;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public string BaseUrl { get; }

    /// <summary>Requests to any host but the console's own (must stay empty).</summary>
    public IReadOnlyList<string> ForeignRequests => _foreignRequests;

    /// <summary>Errors the page's scripts wrote to the console.</summary>
    public IReadOnlyList<string> ConsoleErrors => _consoleErrors;

    public static async Task<ConsoleBrowser> OpenAsync(string baseUrl)
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: ./test.sh installs Debian's chromium package");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumFlags,
        });
        // A laptop screen.
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        var console = new ConsoleBrowser(playwright, browser, context, page, baseUrl.TrimEnd('/'));
        var own = new Uri(baseUrl);
        context.Request += (_, request) =>
        {
            if (Uri.TryCreate(request.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ws" or "wss"
                && (uri.Host != own.Host || uri.Port != own.Port))
            {
                lock (console._foreignRequests)
                {
                    console._foreignRequests.Add(request.Url);
                }
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (console._consoleErrors)
                {
                    console._consoleErrors.Add(message.Text);
                }
            }
        };
        return console;
    }

    public async Task SignInAsync(string user, string password)
    {
        await Page.GotoAsync(BaseUrl + "/login");
        await Page.GetByTestId("login-user").FillAsync(user);
        await Page.GetByTestId("login-password").FillAsync(password);
        await Page.GetByTestId("login-submit").ClickAsync();
        await Page.GetByTestId("signed-in-as").WaitForAsync();
    }

    /// <summary>Opens a page of the console and waits until its circuit has rendered it.</summary>
    public async Task GoAsync(string path)
    {
        await Page.GotoAsync(BaseUrl + path);
        await Page.GetByTestId("page-title").WaitForAsync();
    }

    /// <summary>
    /// Opens a dialog and waits for the field it focuses by itself. The dialog moves the focus there
    /// one round trip after it renders, as a user sees it settle; typing starts after that.
    /// </summary>
    public async Task OpenDialogAsync(string opener, string firstField)
    {
        await Page.GetByTestId(opener).ClickAsync();
        await Assertions.Expect(Page.GetByTestId(firstField)).ToBeFocusedAsync();
    }

    /// <summary>Saves a full-page screenshot under artifacts/rbm-screenshots/LANGUAGE/NAME.png and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string language, string name)
    {
        var folder = Path.Combine(SimProcess.Root, "artifacts", "rbm-screenshots", language);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
