// Linux only: unshare, qemu-ga, unix sockets, SEEK_DATA.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
