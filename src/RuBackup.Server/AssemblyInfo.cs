// The server hosts the web console, which uses the client library's Linux-only API client; the product runs on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
