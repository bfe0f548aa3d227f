namespace RuBackup.Rustack.Backup;

/// <summary>
/// Finds an attached volume's block device as /dev/disk/by-id/virtio-&lt;first 20 chars of its id&gt;
/// (virtio serials are 20 bytes): Nova's reported device name is unreliable, the serial is not.
/// </summary>
public static class DeviceLocator
{
    public static string PathOf(string byIdDir, string volumeId) =>
        Path.Combine(byIdDir, "virtio-" + (volumeId.Length > 20 ? volumeId[..20] : volumeId));

    /// <summary>Waits for the link to appear (udev may lag the attachment) and returns its target.</summary>
    public static async Task<string> WaitAsync(string byIdDir, string volumeId, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var path = PathOf(byIdDir, volumeId);
        var start = time.GetUtcNow();
        while (!File.Exists(path))
        {
            if (time.GetUtcNow() - start >= timeout)
            {
                throw new IOException($"find device (volume {volumeId}): {path} did not appear within {timeout.TotalSeconds:0} s of the attachment (volume_attachment_timeout)");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken).ConfigureAwait(false);
        }
        return path;
    }
}
