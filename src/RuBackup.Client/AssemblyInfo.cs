// The client manages key files by POSIX mode and signals its module with SIGTERM: Linux only, like the product.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
