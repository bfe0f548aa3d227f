using RuBackup.Client.Config;

namespace RuBackup.Client.Tests;

public sealed class ClientConfigParserTests
{
    private static readonly ClientPaths Paths = new("/srv/rb");

    private static ClientConfig Parse(string text) => ClientConfigParser.Parse(text, "/srv/rb/etc/rubackup-client.conf", Paths, hostname: "host-7");

    private static string Error(string text) => Assert.Throws<ClientConfigException>(() => Parse(text)).Message;

    [Fact]
    public void Parse_OnlyServer_AppliesEveryDefault()
    {
        var config = Parse("server https://backup.example:8443\n");

        Assert.Equal(new Uri("https://backup.example:8443"), config.Server);
        Assert.Equal("host-7", config.Name);
        Assert.True(config.CentralizedRestore);
        Assert.Equal("/srv/rb/modules/rb_module_rustack", config.ModulePath);
        Assert.Equal("/srv/rb/etc/rb_module_rustack.conf", config.ModuleConfig);
        Assert.Null(config.ServerCa);
        Assert.Equal(TimeSpan.FromSeconds(30), config.PollWait);
        Assert.Equal(TimeSpan.FromSeconds(300), config.ResourceReportInterval);
        Assert.Equal(1, config.MaxTasks);
        Assert.Equal(TimeSpan.FromSeconds(600), config.ServerUnreachableLimit);
        Assert.Equal("/srv/rb/exports", config.ExportFolder);
    }

    [Fact]
    public void Parse_EveryKey_ReadsValuesCommentsAndRelativePaths()
    {
        using var root = new TestRoot();
        var ca = Path.Combine(root.Folder, "etc", "ca.pem");
        File.WriteAllText(ca, "pem");
        var text = """
            # the client of the web cluster
              server   http://127.0.0.1:8080/base
            name web-node-1
            centralized_restore no
            module_path modules/custom # not a comment: part of the path
            module_config /etc/module.conf
            server_ca etc/ca.pem
            poll_wait 5
            resource_report_interval 60
            max_tasks 3
            server_unreachable_limit 120
            export_folder var/exports
            """;

        var config = ClientConfigParser.Parse(text, "f.conf", root.Paths);

        Assert.Equal("http://127.0.0.1:8080/base", config.Server.ToString());
        Assert.Equal("web-node-1", config.Name);
        Assert.False(config.CentralizedRestore);
        Assert.Equal(Path.Combine(root.Folder, "modules", "custom # not a comment: part of the path"), config.ModulePath);
        Assert.Equal("/etc/module.conf", config.ModuleConfig);
        Assert.Equal(ca, config.ServerCa);
        Assert.Equal(TimeSpan.FromSeconds(5), config.PollWait);
        Assert.Equal(TimeSpan.FromSeconds(60), config.ResourceReportInterval);
        Assert.Equal(3, config.MaxTasks);
        Assert.Equal(TimeSpan.FromSeconds(120), config.ServerUnreachableLimit);
        Assert.Equal(Path.Combine(root.Folder, "var", "exports"), config.ExportFolder);
    }

    [Theory]
    [InlineData("server http://a\nbogus 1\n", "/srv/rb/etc/rubackup-client.conf:2: bogus: unknown key")]
    [InlineData("server http://a\nserver http://b\n", "/srv/rb/etc/rubackup-client.conf:2: server: given twice (first at line 1)")]
    [InlineData("server http://a\n\nname\n", "/srv/rb/etc/rubackup-client.conf:3: name: has no value")]
    [InlineData("server ftp://a\n", "/srv/rb/etc/rubackup-client.conf:1: server: 'ftp://a' is not an http:// or https:// URL")]
    [InlineData("server backup.example\n", "/srv/rb/etc/rubackup-client.conf:1: server: 'backup.example' is not an http:// or https:// URL")]
    [InlineData("server http://a?x=1\n", "/srv/rb/etc/rubackup-client.conf:1: server: 'http://a?x=1': give the base URL only")]
    [InlineData("# c\nserver http://a\ncentralized_restore maybe\n", "/srv/rb/etc/rubackup-client.conf:3: centralized_restore: 'maybe' must be yes or no")]
    [InlineData("server http://a\npoll_wait 0\n", "/srv/rb/etc/rubackup-client.conf:2: poll_wait: '0' must be a whole number from 1 to 300")]
    [InlineData("server http://a\npoll_wait 5s\n", "/srv/rb/etc/rubackup-client.conf:2: poll_wait: '5s' must be a whole number from 1 to 300")]
    [InlineData("server http://a\nresource_report_interval 5\n", "/srv/rb/etc/rubackup-client.conf:2: resource_report_interval: '5' must be a whole number from 10 to 86400")]
    [InlineData("server http://a\nmax_tasks 0\n", "/srv/rb/etc/rubackup-client.conf:2: max_tasks: '0' must be a whole number from 1 to 64")]
    [InlineData("server http://a\nname web 1\n", "/srv/rb/etc/rubackup-client.conf:2: name: 'web 1': use letters, digits")]
    [InlineData("server <server url>\n", "/srv/rb/etc/rubackup-client.conf:1: server: '<server url>' is the installed placeholder")]
    [InlineData("server http://a\nserver_ca /nonexistent/ca.pem\n", "/srv/rb/etc/rubackup-client.conf:2: server_ca: /nonexistent/ca.pem: no such file")]
    [InlineData("name web\n", "/srv/rb/etc/rubackup-client.conf: server: missing")]
    public void Parse_BadLine_OneLineErrorNamesFileLineAndKey(string text, string expected)
    {
        var message = Error(text);

        Assert.StartsWith(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void Load_MissingFile_SaysWhichFile()
    {
        using var root = new TestRoot();

        var error = Assert.Throws<ClientConfigException>(() => ClientConfigParser.Load(root.Paths));

        Assert.StartsWith($"{root.Paths.ConfigFile}: cannot read the configuration file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_NoRoot_UsesOptRubackup()
    {
        var paths = ClientPaths.FromEnvironment(_ => null);

        Assert.Equal("/opt/rubackup/etc/rubackup-client.conf", paths.ConfigFile);
        Assert.Equal("/opt/rubackup/keys/master-key", paths.MasterKey);
        Assert.Equal("/opt/rubackup/log/RuBackup.log", paths.LogFile);
    }
}
