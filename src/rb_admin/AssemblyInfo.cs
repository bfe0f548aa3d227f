// Linux only, like the client library (POSIX key modes).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
