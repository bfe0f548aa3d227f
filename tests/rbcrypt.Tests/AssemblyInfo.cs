// The tool under test is Linux only (POSIX key modes).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
