// The server runs on Linux only (it hosts the console, which uses the Linux-only client library).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
