// The client library and its tools run on Linux only (POSIX modes, signals).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
