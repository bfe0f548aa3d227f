using System.Collections;
using RuBackup.Server;
using RuBackup.Server.Hosting;
using RuBackup.Server.Options;

var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
if (args.Any(a => a is "--help" or "-h"))
{
    Console.WriteLine(ServerOptionsLoader.Usage());
    return 0;
}
try
{
    var options = ServerOptionsLoader.Load(args, environment);
    await using var host = await ServerHost.StartAsync(options, () => FirstPassword(options, environment)).ConfigureAwait(false);
    Console.WriteLine($"rubackup-server: listening on {host.BaseAddress.ToString().TrimEnd('/')}, catalog {options.CatalogProvider}, data in {options.DataFolder}");
    await host.WaitForShutdownAsync().ConfigureAwait(false);
    return 0;
}
catch (Exception e) when (e is OptionsException or StartupException)
{
    await Console.Error.WriteLineAsync($"rubackup-server: {e.Message}").ConfigureAwait(false);
    return 2;
}

// The superuser's first password: the file wins over the variable; neither is ever logged.
static string? FirstPassword(ServerOptions options, IReadOnlyDictionary<string, string?> environment)
{
    if (options.AdminPasswordFile is { } file)
    {
        try
        {
            return File.ReadAllText(file).TrimEnd('\r', '\n');
        }
        catch (IOException e)
        {
            throw new StartupException($"--admin-password-file {file}: cannot read: {e.Message}", e);
        }
    }
    return environment.GetValueOrDefault("RUBACKUP_ADMIN_PASSWORD");
}
