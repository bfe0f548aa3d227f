using RuBackup.Rustack.Config;

namespace RuBackup.Rustack.Tests;

public class ConfigParserTests
{
    private const string File = "/etc/test/rb_module_rustack.conf";

    private const string Complete = """
        url 10.0.0.1:5000
        username rubackup
        password s3cret
        domain default
        project_id p-1
        timeout 20
        volume_creation_timeout 300
        snapshot_creation_timeout 300
        volume_attachment_timeout 300
        rubackup-vm-id vm-0
        """;

    private static RustackConfig Parse(string text, ModuleOperation operation = ModuleOperation.Backup) =>
        ConfigParser.Parse(text, File, operation);

    private static string Error(string text, ModuleOperation operation = ModuleOperation.Backup) =>
        Assert.Throws<ConfigException>(() => Parse(text, operation)).Message;

    [Fact]
    public void Parse_CompleteFile_ReadsEveryMandatoryKey()
    {
        var config = Parse(Complete);
        Assert.Equal("10.0.0.1:5000", config.Url);
        Assert.Equal("rubackup", config.Username);
        Assert.Equal("s3cret", config.Password);
        Assert.Equal("default", config.Domain);
        Assert.Equal("p-1", config.ProjectId);
        Assert.Equal(20, config.TimeoutSeconds);
        Assert.Equal("vm-0", config.RubackupVmId);
        Assert.Equal(HypervisorProtocol.Ssh, config.Protocol);
        Assert.False(config.EnableSsl);
        Assert.False(config.CurlVerbose);
        Assert.False(config.HasAdmin);
        Assert.Equal("/dev/disk/by-id", config.ByIdDir);
        Assert.Equal("virsh", config.Virsh);
    }

    [Fact]
    public void Parse_TimeoutsAbsent_UseDefaults()
    {
        var config = Parse("url u\nusername a\npassword b\ndomain d\nproject_id p\nrubackup-vm-id v\n");
        Assert.Equal(5, config.TimeoutSeconds);
        Assert.Equal(300, config.VolumeCreationTimeoutSeconds);
        Assert.Equal(300, config.SnapshotCreationTimeoutSeconds);
        Assert.Equal(300, config.VolumeAttachmentTimeoutSeconds);
    }

    [Fact]
    public void Parse_CommentsBlankLinesAndSpaces_AreIgnored()
    {
        var config = Parse("# a comment\n\n   # indented comment\n\t\n" + Complete.Replace("username rubackup", "   username    rubackup   ", StringComparison.Ordinal));
        Assert.Equal("rubackup", config.Username);
    }

    [Fact]
    public void Parse_HashInsideValue_IsPartOfTheValue()
    {
        var config = Parse(Complete.Replace("password s3cret", "password pa#ss # not a comment", StringComparison.Ordinal));
        Assert.Equal("pa#ss # not a comment", config.Password);
    }

    [Fact]
    public void Parse_WindowsLineEndings_AreAccepted()
    {
        Assert.Equal("rubackup", Parse(Complete.ReplaceLineEndings("\r\n")).Username);
    }

    [Fact]
    public void Parse_CommentedKey_CountsAsAbsent()
    {
        Assert.False(Parse(Complete + "\n#curl_verbose\n").CurlVerbose);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("301")]
    public void Parse_TimeoutOutOfRange_NamesFileLineAndKey(string value)
    {
        var message = Error(Complete.Replace("timeout 20", "timeout " + value, StringComparison.Ordinal));
        Assert.Equal($"{File}:6: timeout: {value} is out of range (1-300 seconds)", message);
    }

    [Fact]
    public void Parse_TimeoutNotANumber_NamesFileLineAndKey()
    {
        Assert.Equal($"{File}:6: timeout: 'fast' is not a whole number of seconds (1-300)",
            Error(Complete.Replace("timeout 20", "timeout fast", StringComparison.Ordinal)));
    }

    [Fact]
    public void Parse_VolumeCreationTimeoutZero_IsOutOfRange()
    {
        Assert.Equal($"{File}:7: volume_creation_timeout: 0 is out of range (1-86400 seconds)",
            Error(Complete.Replace("volume_creation_timeout 300", "volume_creation_timeout 0", StringComparison.Ordinal)));
    }

    [Fact]
    public void Parse_UnknownKey_NamesFileLineAndKey()
    {
        Assert.Equal($"{File}:11: colour: unknown key", Error(Complete + "\ncolour blue"));
    }

    [Fact]
    public void Parse_KeyGivenTwice_NamesBothLines()
    {
        Assert.Equal($"{File}:11: username: given twice (first at line 2)", Error(Complete + "\nusername other"));
    }

    [Fact]
    public void Parse_KeyWithoutValue_IsAnError()
    {
        Assert.Equal($"{File}:10: domain: has no value", Error(Complete.Replace("domain default\n", "", StringComparison.Ordinal) + "\ndomain"));
    }

    [Fact]
    public void Parse_PlaceholderInMandatoryKey_IsAnError()
    {
        Assert.Equal($"{File}:1: url: '<rustack url>' is the installed placeholder; put the real value",
            Error(Complete.Replace("url 10.0.0.1:5000", "url <rustack url>", StringComparison.Ordinal)));
    }

    [Fact]
    public void Parse_AnyAngleBracketValue_IsAPlaceholder()
    {
        Assert.Equal($"{File}:10: rubackup-vm-id: '<vm id>' is the installed placeholder; put the real value",
            Error(Complete.Replace("rubackup-vm-id vm-0", "rubackup-vm-id <vm id>", StringComparison.Ordinal)));
    }

    [Fact]
    public void Parse_PlaceholderInOptionalKey_CountsAsUnsetWithWarning()
    {
        var config = Parse(Complete + "\nadmin_name <admin name>\nadmin_password <admin password>\nca_info <path to cert>\nenable_ssl no");
        Assert.False(config.HasAdmin);
        Assert.Null(config.CaInfo);
        Assert.Equal(3, config.Warnings.Count);
        Assert.Equal($"{File}:11: admin_name: placeholder '<admin name>' ignored (the key counts as not set)", config.Warnings[0]);
    }

    [Fact]
    public void Parse_EnableSslYesWithoutCaInfo_IsAnError()
    {
        Assert.Equal($"{File}:11: enable_ssl: 'yes' needs ca_info (the path of the CA certificate to verify the API against)",
            Error(Complete + "\nenable_ssl yes"));
    }

    [Fact]
    public void Parse_EnableSslYesWithPlaceholderCaInfo_IsAnError()
    {
        Assert.Contains("enable_ssl: 'yes' needs ca_info", Error(Complete + "\nenable_ssl yes\nca_info <path to cert>"), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EnableSslYesWithCaInfo_IsAccepted()
    {
        var config = Parse(Complete + "\nenable_ssl yes\nca_info /etc/ssl/ca.pem");
        Assert.True(config.EnableSsl);
        Assert.Equal("/etc/ssl/ca.pem", config.CaInfo);
    }

    [Fact]
    public void Parse_EnableSslNeitherYesNorNo_IsAnError()
    {
        Assert.Equal($"{File}:11: enable_ssl: 'true' must be yes or no", Error(Complete + "\nenable_ssl true"));
    }

    [Theory]
    [InlineData("tcp", HypervisorProtocol.Tcp)]
    [InlineData("ssh", HypervisorProtocol.Ssh)]
    public void Parse_Protocol_IsRead(string value, HypervisorProtocol expected)
    {
        Assert.Equal(expected, Parse(Complete + "\nprotocol " + value).Protocol);
    }

    [Fact]
    public void Parse_ProtocolUnknown_IsAnError()
    {
        Assert.Equal($"{File}:11: protocol: 'udp' must be tcp or ssh", Error(Complete + "\nprotocol udp"));
    }

    [Fact]
    public void Parse_CurlVerboseBareFlag_TurnsVerboseOn()
    {
        Assert.True(Parse(Complete + "\n  curl_verbose  ").CurlVerbose);
    }

    [Fact]
    public void Parse_CurlVerboseWithValue_IsAnError()
    {
        Assert.Equal($"{File}:11: curl_verbose: is a bare flag and takes no value", Error(Complete + "\ncurl_verbose yes"));
    }

    [Fact]
    public void Parse_AdminNameWithoutPassword_IsAnError()
    {
        Assert.Equal($"{File}:11: admin_name: is set but admin_password is not; give both or neither", Error(Complete + "\nadmin_name admin"));
    }

    [Fact]
    public void Parse_AdminCredentials_AreRead()
    {
        var config = Parse(Complete + "\nadmin_name admin\nadmin_password a#1");
        Assert.True(config.HasAdmin);
        Assert.Equal("a#1", config.AdminPassword);
    }

    [Fact]
    public void Parse_ExtensionKeys_AreRead()
    {
        var config = Parse(Complete + "\nby_id_dir /tmp/by-id\nvirsh /opt/sim/virsh\nscript_before_snapshot /opt/a.sh\nscript_after_snapshot /opt/b.sh");
        Assert.Equal("/tmp/by-id", config.ByIdDir);
        Assert.Equal("/opt/sim/virsh", config.Virsh);
        Assert.Equal("/opt/a.sh", config.ScriptBeforeSnapshot);
        Assert.Equal("/opt/b.sh", config.ScriptAfterSnapshot);
    }

    [Theory]
    [InlineData("url")]
    [InlineData("username")]
    [InlineData("password")]
    [InlineData("domain")]
    [InlineData("project_id")]
    public void Parse_ListWithoutApiKey_NamesTheMissingKey(string key)
    {
        var text = string.Join('\n', Complete.Split('\n').Where(l => !l.StartsWith(key + " ", StringComparison.Ordinal)));
        Assert.Equal($"{File}: {key}: missing; -l needs it", Error(text, ModuleOperation.List));
    }

    [Fact]
    public void Parse_ListWithoutBackupVmId_IsAccepted()
    {
        var config = Parse("url u\nusername a\npassword b\ndomain d\nproject_id p\ntimeout 5", ModuleOperation.List);
        Assert.Null(config.RubackupVmId);
    }

    [Fact]
    public void Parse_BackupWithoutBackupVmId_NamesTheMissingKey()
    {
        Assert.Equal($"{File}: rubackup-vm-id: missing; -b needs it",
            Error("url u\nusername a\npassword b\ndomain d\nproject_id p", ModuleOperation.Backup));
    }

    [Fact]
    public void Parse_InstalledTemplate_FailsOnTheFirstPlaceholder()
    {
        var template = """
            # Symbol "#" at the beginning of the line treats as a comment
            # Mandatory parameters
            url <rustack url>
            username <user name>
            """;
        Assert.Equal($"{File}:3: url: '<rustack url>' is the installed placeholder; put the real value", Error(template, ModuleOperation.List));
    }

    [Fact]
    public void Load_MissingFile_IsOneLineError()
    {
        var message = Assert.Throws<ConfigException>(() => ConfigParser.Load("/nonexistent/rb.conf", ModuleOperation.List)).Message;
        Assert.StartsWith("/nonexistent/rb.conf: cannot read the configuration file:", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void DefaultPath_UnderRoot_IsEtcFile()
    {
        Assert.Equal("/srv/rb/etc/rb_module_rustack.conf", ConfigParser.DefaultPath("/srv/rb"));
    }

    [Theory]
    [InlineData("10.0.0.1", false, "http://10.0.0.1/v3/")]
    [InlineData("cloud.example", true, "https://cloud.example/v3/")]
    [InlineData("https://cloud.example:5000/v3", false, "https://cloud.example:5000/v3/")]
    [InlineData("http://127.0.0.1:8080/", false, "http://127.0.0.1:8080/v3/")]
    public void IdentityUri_FromUrl_HasSchemeAndV3(string url, bool ssl, string expected)
    {
        var config = new RustackConfig { File = File, Url = url, EnableSsl = ssl, CaInfo = ssl ? "/ca" : null };
        Assert.Equal(expected, config.IdentityUri.ToString());
    }

    [Fact]
    public void Parse_WrongValueAndMissingKey_ReportsTheWrongValueFirst()
    {
        Assert.Equal($"{File}:2: timeout: 500 is out of range (1-300 seconds)", Error("url u\ntimeout 500", ModuleOperation.List));
    }
}
