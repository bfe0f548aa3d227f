namespace RuBackup.Manager.Tests;

public sealed class RbmTests
{
    private const string Hint = "(open this address in a browser)";

    [Fact]
    public async Task Run_NoDisplay_PrintsUrlOfFirstSourceInPrecedence()
    {
        using var root = new RbmRoot();
        root.WriteClientConfig("# the client's own settings\nserver https://conf.example:8443\n");
        root.WriteServerUrl("http://localhost:41234");
        var withVariable = root.Environment(("RUBACKUP_SERVER_URL", "https://env.example:9443"));

        await AssertPrintsAsync("https://flag.example:9990", withVariable, "--server", "https://flag.example:9990/");
        await AssertPrintsAsync("https://env.example:9443", withVariable);
        await AssertPrintsAsync("https://conf.example:8443", root.Environment());
        File.Delete(root.ClientConfig);
        await AssertPrintsAsync("http://localhost:41234", root.Environment());
        File.Delete(root.ServerUrlFile);
        await AssertPrintsAsync("http://127.0.0.1:9990", root.Environment());
    }

    [Fact]
    public async Task Run_ServerDataVariable_ReadsServerUrlFromThatFolder()
    {
        using var root = new RbmRoot();
        var data = Path.Combine(root.Path, "elsewhere");
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(Path.Combine(data, "server.url"), "http://127.0.0.1:5555\n");
        await AssertPrintsAsync("http://127.0.0.1:5555", root.Environment(("RUBACKUP_SERVER_DATA", data)));
    }

    [Fact]
    public async Task Print_NoDisplay_PrintsOnlyTheUrl()
    {
        using var root = new RbmRoot();
        var result = await Rbm.RunAsync(root.Environment(), "--print", "--server", "http://backup.example:9990");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("http://backup.example:9990\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://backup.example")]
    [InlineData("http://backup.example:9990/?x=1")]
    public async Task Run_BadServerOption_OneErrorLineExit2(string server)
    {
        using var root = new RbmRoot();
        var result = await Rbm.RunAsync(root.Environment(), "--server", server);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.Stdout);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, result.ToString());
        Assert.StartsWith("rbm: error: --server '" + server + "'", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadUrlInClientConfig_OneErrorLineNamingTheFileExit2()
    {
        using var root = new RbmRoot();
        root.WriteClientConfig("server backup.example\n");
        root.WriteServerUrl("http://localhost:41234");
        var result = await Rbm.RunAsync(root.Environment());
        Assert.True(result.ExitCode == 2, result.ToString());
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, result.ToString());
        Assert.StartsWith("rbm: error: " + root.ClientConfig + ":1: server:", lines[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DISPLAY", ":0")]
    [InlineData("WAYLAND_DISPLAY", "wayland-0")]
    public async Task Run_DisplayAndXdgOpen_OpensTheUrl(string variable, string display)
    {
        using var root = new RbmRoot();
        root.InstallFakeOpener();
        root.WriteServerUrl("http://localhost:41234");
        var result = await Rbm.RunAsync(root.Environment((variable, display), ("PATH", root.FakeBin + ":" + Rbm.SystemPath)));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("opened http://localhost:41234\n", result.Stdout);
        Assert.Equal("http://localhost:41234\n", await File.ReadAllTextAsync(root.OpenerRecord));
    }

    [Fact]
    public async Task Print_DisplayAndXdgOpen_DoesNotOpen()
    {
        using var root = new RbmRoot();
        root.InstallFakeOpener();
        var result = await Rbm.RunAsync(root.Environment(("DISPLAY", ":0"), ("PATH", root.FakeBin + ":" + Rbm.SystemPath)), "--print");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("http://127.0.0.1:9990\n", result.Stdout);
        Assert.False(File.Exists(root.OpenerRecord), "xdg-open must not run with --print");
    }

    [Fact]
    public async Task Run_XdgOpenFails_PrintsTheUrlWithHint()
    {
        using var root = new RbmRoot();
        root.InstallFakeOpener(exitCode: 3);
        var result = await Rbm.RunAsync(root.Environment(("DISPLAY", ":0"), ("PATH", root.FakeBin + ":" + Rbm.SystemPath)));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(root.OpenerRecord), "xdg-open was tried");
        Assert.Equal($"http://127.0.0.1:9990  {Hint}\n", result.Stdout);
        Assert.Contains("xdg-open exited with 3", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DisplayWithoutXdgOpen_PrintsTheUrlWithHint()
    {
        using var root = new RbmRoot();
        var result = await Rbm.RunAsync(root.Environment(("DISPLAY", ":0"), ("PATH", root.FakeBin)));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"http://127.0.0.1:9990  {Hint}\n", result.Stdout);
    }

    private static async Task AssertPrintsAsync(string url, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var result = await Rbm.RunAsync(environment, args);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"{url}  {Hint}\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }
}
