using RuBackup.Rustack.Restore;

namespace RuBackup.Rustack.Tests;

public sealed class BlockDeviceTargetTests
{
    [Fact]
    public void Write_ZeroBlocksOverStaleBytes_LeaveZerosNotThePreviousContent()
    {
        // A volume that still holds a previous tenant's bytes: restoring holes must zero them.
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "volume.img");
        const int block = 64 * 1024;
        File.WriteAllBytes(path, Enumerable.Repeat((byte)0xDB, 4 * block).ToArray());
        var data = new byte[block];
        new Random(3).NextBytes(data);

        using (var target = new BlockDeviceTarget(path))
        {
            // The restore skips holes for targets that read as zero: a volume must not claim that.
            Assert.False(target.HolesReadAsZero);
            target.Write(0, new byte[block]);
            target.Write(block, data);
            target.Write(2 * block, new byte[block]);
            target.Complete();
        }

        var restored = File.ReadAllBytes(path);
        Assert.All(restored.AsSpan(0, block).ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(data, restored.AsSpan(block, block).ToArray());
        Assert.All(restored.AsSpan(2 * block, block).ToArray(), b => Assert.Equal(0, b));
        Assert.All(restored.AsSpan(3 * block, block).ToArray(), b => Assert.Equal(0xDB, b));
        Assert.Equal(4 * block, restored.Length);
    }
}
