using System.Reflection;
using RuBackup.Api;

namespace RuBackup.Client.Auth;

/// <summary>What the client tells the server about itself when it registers.</summary>
public sealed record ClientIdentity(string Name, string Hostname, IReadOnlyList<string> Modules, bool CentralizedRestore, string Version)
{
    public static string ProductVersion { get; } =
        typeof(ClientIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public ClientRegistration ToRegistration(string publicKey) => new(Name, Hostname, publicKey, Modules, CentralizedRestore, Version);
}
