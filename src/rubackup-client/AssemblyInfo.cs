// Linux only, like the client library it runs (POSIX key modes, SIGTERM to the module).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
