namespace RuBackup.Manager.Tests;

/// <summary>A throwaway $RUBACKUP_ROOT with the files rbm may read, and a folder for a fake xdg-open.</summary>
public sealed class RbmRoot : IDisposable
{
    public RbmRoot()
    {
        Path = Directory.CreateTempSubdirectory("rbm-tests-").FullName;
    }

    public string Path { get; }

    public string ClientConfig => System.IO.Path.Combine(Path, "etc", "rubackup-client.conf");

    public string ServerUrlFile => System.IO.Path.Combine(Path, "var", "server", "server.url");

    public string FakeBin => System.IO.Path.Combine(Path, "fakebin");

    /// <summary>Where the fake xdg-open writes each argument it got, one a line.</summary>
    public string OpenerRecord => System.IO.Path.Combine(Path, "xdg-open.args");

    public void WriteClientConfig(string text) => Write(ClientConfig, text);

    public void WriteServerUrl(string url) => Write(ServerUrlFile, url + "\n");

    /// <summary>An xdg-open that records its arguments and exits with <paramref name="exitCode"/>.</summary>
    public void InstallFakeOpener(int exitCode = 0)
    {
        var script = System.IO.Path.Combine(FakeBin, "xdg-open");
        Write(script, $"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{OpenerRecord}'\nexit {exitCode}\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>The environment of a run under this root: no display unless the test adds one.</summary>
    public Dictionary<string, string> Environment(params (string Key, string Value)[] extra)
    {
        var environment = new Dictionary<string, string> { ["RUBACKUP_ROOT"] = Path };
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }
        return environment;
    }

    private static void Write(string file, string text)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
