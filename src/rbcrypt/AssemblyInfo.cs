// Linux only, like the client library (POSIX key modes, rename semantics).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
