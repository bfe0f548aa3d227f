// The console uses the client library's API client, which is Linux-only (it signals its modules with kill(2)).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
