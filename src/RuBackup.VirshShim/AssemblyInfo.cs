// Linux only: unix sockets to qemu-ga.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
