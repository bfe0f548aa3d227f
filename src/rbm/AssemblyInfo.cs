// Linux only, like the client library it reads the configuration with.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
