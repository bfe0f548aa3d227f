// Unix file modes for the fake xdg-open.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
