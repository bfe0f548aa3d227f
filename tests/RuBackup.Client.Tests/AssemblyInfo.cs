// The client is Linux only (POSIX modes, signals); so are its tests.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
