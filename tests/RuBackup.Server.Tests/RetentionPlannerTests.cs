using RuBackup.Server.Schedule;

namespace RuBackup.Server.Tests;

/// <summary>
/// Cases are written as "id:base:expiresInDays[:keep]" (base "-" for a full; negative days: expired;
/// "keep": retention may not delete it) and evaluated at day 0.
/// </summary>
public sealed class RetentionPlannerTests
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    // nothing expired: nothing happens
    [InlineData("f1:-:5 i1:f1:6", "", "")]
    // a whole expired chain goes, leaves first
    [InlineData("f1:-:-3 i1:f1:-2 i2:i1:-1", "i2 i1 f1", "")]
    // a kept incremental keeps its whole chain
    [InlineData("f1:-:-3 i1:f1:-2 i2:i1:1", "", "f1=i1 i1=i2")]
    // a kept differential keeps only its full; the expired incrementals beside it go
    [InlineData("f1:-:-4 i1:f1:-3 i2:i1:-2 d1:f1:1", "i2 i1", "f1=d1")]
    // full, incr, incr, diff and a later full: the first chain expired, the later full not
    [InlineData("f1:-:-4 i1:f1:-3 i2:i1:-2 d1:f1:-1 f2:-:5", "i2 d1 i1 f1", "")]
    // an archive retention may not delete keeps its bases like an unexpired one
    [InlineData("f1:-:-4 i1:f1:-3:keep", "", "f1=i1")]
    // no expiry (an archive without rule) never goes, and keeps its base
    [InlineData("f1:-:-4 i1:f1:never", "", "f1=i1")]
    // a base from outside the list (another pool) does not matter
    [InlineData("i1:elsewhere:-1", "i1", "")]
    public void Plan_Cases_DeletesOnlyWhatNothingKeptNeeds(string archives, string delete, string keptBecause)
    {
        var plan = RetentionPlanner.Plan(Parse(archives), Now);
        Assert.Equal(Words(delete), plan.Delete);
        var expected = Words(keptBecause).Select(w => w.Split('=')).ToDictionary(p => p[0], p => $"base of kept archive {p[1]}");
        Assert.Equal(expected.OrderBy(p => p.Key), plan.KeptBecause.OrderBy(p => p.Key));
    }

    [Fact]
    public void Plan_AnyInputOrder_EveryArchiveDeletedAfterItsDependents()
    {
        var items = Parse("i3:i2:-1 f1:-:-9 d1:f1:-2 i2:i1:-1 i1:f1:-5 d2:f1:-1");
        var plan = RetentionPlanner.Plan(items, Now);
        Assert.Equal(6, plan.Delete.Count);
        foreach (var item in items.Where(i => i.Base is not null))
        {
            Assert.True(plan.Delete.ToList().IndexOf(item.Id) < plan.Delete.ToList().IndexOf(item.Base!), $"{item.Id} before its base {item.Base}");
        }
    }

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static List<RetentionItem> Parse(string text) =>
        [.. Words(text).Select(w => w.Split(':')).Select(p => new RetentionItem(
            p[0],
            p[1] == "-" ? null : p[1],
            p[2] == "never" ? null : Now.AddDays(int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture)),
            MayDelete: p.Length < 4))];
}
