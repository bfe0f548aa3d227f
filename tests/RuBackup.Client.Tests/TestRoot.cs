using RuBackup.Client.Config;
using RuBackup.Client.Modules;

namespace RuBackup.Client.Tests;

/// <summary>A temporary RUBACKUP_ROOT (etc/, keys/, log/, modules/, var/), removed at dispose.</summary>
public sealed class TestRoot : IDisposable
{
    public TestRoot()
    {
        Folder = Path.Combine(Path.GetTempPath(), "rubackup-client-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Folder, "etc"));
        Directory.CreateDirectory(Path.Combine(Folder, "modules"));
        Paths = new ClientPaths(Folder);
    }

    public string Folder { get; }

    public ClientPaths Paths { get; }

    public string ModulePath => Paths.DefaultModule;

    public ModuleSettings ModuleSettings => new()
    {
        ModulePath = Paths.DefaultModule,
        ModuleConfig = Paths.DefaultModuleConfig,
        MasterKeyFile = Paths.MasterKey,
        SigningKeyFile = Paths.SigningKey,
        ClientName = "test-client",
        RestoreFolder = Paths.RestoreFolder,
        ExportFolder = Paths.ExportFolder,
    };

    public string WriteConfig(string text)
    {
        File.WriteAllText(Paths.ConfigFile, text);
        return Paths.ConfigFile;
    }

    public string Environment(string name) => name == ClientPaths.RootVariable ? Folder : null!;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the temp folder is cleaned eventually.
        }
    }
}
