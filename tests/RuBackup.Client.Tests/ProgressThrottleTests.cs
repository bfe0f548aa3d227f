using Microsoft.Extensions.Time.Testing;
using RuBackup.Client.Tasks;

namespace RuBackup.Client.Tests;

public sealed class ProgressThrottleTests
{
    [Fact]
    public void TakeDue_ManyUpdatesInOneInterval_LetsOutOnlyTheLatestOncePerInterval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var throttle = new ProgressThrottle(TimeSpan.FromMilliseconds(500), time);

        throttle.Update(1, 100);
        var first = throttle.TakeDue();
        throttle.MarkSent(first!.Value);
        throttle.Update(2, 100);
        throttle.Update(3, 100);
        var tooSoon = throttle.TakeDue();
        time.Advance(TimeSpan.FromMilliseconds(499));
        var stillTooSoon = throttle.TakeDue();
        time.Advance(TimeSpan.FromMilliseconds(1));
        var due = throttle.TakeDue();

        Assert.Equal((1L, 100L), first);
        Assert.Null(tooSoon);
        Assert.Null(stillTooSoon);
        Assert.Equal((3L, 100L), due);
    }

    [Fact]
    public void TakeFinal_UnsentValue_ReturnedWhateverTheTime_SentValueNotRepeated()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var throttle = new ProgressThrottle(TimeSpan.FromSeconds(10), time);
        throttle.Update(1, 10);
        throttle.MarkSent(throttle.TakeDue()!.Value);
        throttle.Update(10, 10);

        var final = throttle.TakeFinal();
        throttle.MarkSent(final!.Value);
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal((10L, 10L), final);
        Assert.Null(throttle.TakeFinal());
        Assert.Null(throttle.TakeDue());
    }
}
