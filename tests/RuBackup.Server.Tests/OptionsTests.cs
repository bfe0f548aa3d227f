using System.Diagnostics;
using RuBackup.Server.Options;

namespace RuBackup.Server.Tests;

public sealed class OptionsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rubackup-options-").FullName;

    private Dictionary<string, string?> Environment(params (string Key, string Value)[] extra)
    {
        var environment = new Dictionary<string, string?> { ["RUBACKUP_ROOT"] = _root };
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }
        return environment;
    }

    [Fact]
    public void Load_Nothing_GivesDefaultsUnderRoot()
    {
        var options = ServerOptionsLoader.Load([], Environment());
        Assert.Equal(("http://127.0.0.1:9990", Path.Combine(_root, "var", "server"), "sqlite", TimeSpan.FromHours(12), 600_000),
            (options.EffectiveListen, options.DataFolder, options.CatalogProvider, options.TokenLifetime, options.PasswordIterations));
        ServerOptionsValidator.Validate(options);
    }

    [Fact]
    public void Load_FileThenEnvironmentThenCommandLine_LaterWins()
    {
        Directory.CreateDirectory(Path.Combine(_root, "etc"));
        File.WriteAllText(Path.Combine(_root, "etc", "rubackup-server.json"),
            """{ "Listen": "http://127.0.0.1:1001", "TokenLifetime": "2h", "DataFolder": "/srv/a", "CatalogProvider": "postgresql", "CatalogConnectionString": "Host=x" }""");
        var options = ServerOptionsLoader.Load(["--listen", "http://127.0.0.1:1003", "--token-lifetime=30m"],
            Environment(("RUBACKUP_SERVER_LISTEN", "http://127.0.0.1:1002"), ("RUBACKUP_SERVER_DATA", "/srv/b")));
        Assert.Equal(("http://127.0.0.1:1003", TimeSpan.FromMinutes(30), "/srv/b", "postgresql", "Host=x"),
            (options.EffectiveListen, options.TokenLifetime, options.DataFolder, options.CatalogProvider, options.CatalogConnectionString));
    }

    [Theory]
    [InlineData("--bogus", "unknown option '--bogus'")]
    [InlineData("--listen", "option --listen needs a value")]
    [InlineData("--token-lifetime=soon", "is not a duration")]
    [InlineData("--password-iterations=many", "is not a whole number")]
    public void Load_BadCommandLine_OneLineNamingTheOption(string arg, string message)
    {
        var e = Assert.Throws<OptionsException>(() => ServerOptionsLoader.Load([arg], Environment()));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Load_BadFile_NamesFileAndLine()
    {
        Directory.CreateDirectory(Path.Combine(_root, "etc"));
        var file = Path.Combine(_root, "etc", "rubackup-server.json");
        File.WriteAllText(file, "{\n  \"Listen\": \"x\",\n  oops\n}");
        var e = Assert.Throws<OptionsException>(() => ServerOptionsLoader.Load([], Environment()));
        Assert.StartsWith(file + ":3:", e.Message, StringComparison.Ordinal);
        File.WriteAllText(file, """{ "Lisen": "x" }""");
        e = Assert.Throws<OptionsException>(() => ServerOptionsLoader.Load([], Environment()));
        Assert.Contains("unknown setting 'Lisen'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--listen=http://0.0.0.0:9990", "not a loopback address; pass --allow-remote")]
    [InlineData("--listen=http://example.org:9990", "not an IP address or localhost")]
    [InlineData("--listen=https://127.0.0.1:9990", "https needs --tls-cert and --tls-key")]
    [InlineData("--catalog=mysql", "'mysql' is not a catalog provider")]
    [InlineData("--catalog=postgresql", "needs --catalog-connection")]
    [InlineData("--tls-cert=/nonexistent/cert.pem", "TLS needs both --tls-cert and --tls-key")]
    [InlineData("--admin-password-file=/nonexistent/pw", "--admin-password-file: no file /nonexistent/pw")]
    [InlineData("--token-lifetime=0s", "--token-lifetime: must be positive")]
    public void Validate_BadOption_OneLineNamingIt(string arg, string message)
    {
        var options = ServerOptionsLoader.Load([arg], Environment());
        var e = Assert.Throws<OptionsException>(() => ServerOptionsValidator.Validate(options));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:9990")]
    [InlineData("http://[::1]:9990")]
    [InlineData("http://127.0.0.2:0")]
    public void Validate_LoopbackAddresses_Accepted(string listen)
    {
        ServerOptionsValidator.Validate(ServerOptionsLoader.Load(["--listen", listen], Environment()));
    }

    [Fact]
    public void Validate_RemoteWithAllowRemote_Accepted()
    {
        ServerOptionsValidator.Validate(ServerOptionsLoader.Load(["--allow-remote", "--listen", "http://0.0.0.0:9990"], Environment()));
    }

    [Theory]
    [InlineData("--listen http://10.1.2.3:9990", "rubackup-server: --listen http://10.1.2.3:9990: '10.1.2.3' is not a loopback address; pass --allow-remote to listen on it")]
    [InlineData("--frobnicate", "rubackup-server: unknown option '--frobnicate' (see --help)")]
    [InlineData("--listen http://127.0.0.1:0 --password-iterations 1000", "rubackup-server: the catalog has no users yet: give the superuser 'rubackup' its first password in RUBACKUP_ADMIN_PASSWORD or a file named by --admin-password-file")]
    public async Task Program_BadStart_ExitsWithOneLineAndCode2(string args, string line)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "rubackup-server.dll"));
        foreach (var arg in args.Split(' '))
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["RUBACKUP_ROOT"] = _root;
        start.Environment.Remove("RUBACKUP_ADMIN_PASSWORD");
        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Equal(line, stderr.TrimEnd('\n'));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
