using RuBackup.Server.Strategies;

namespace RuBackup.Server.Tests;

public sealed class NamePatternTests
{
    [Theory]
    [InlineData("web-*", "web-1", true)]
    [InlineData("web-*", "web-2", true)]
    [InlineData("web-*", "web-", true)]
    [InlineData("web-*", "db-1", false)]
    [InlineData("web-*", "xweb-1", false)]
    [InlineData("web-*", "Web-1", false)]
    [InlineData("web-?", "web-1", true)]
    [InlineData("web-?", "web-12", false)]
    [InlineData("web-?", "web-", false)]
    [InlineData("*", "", true)]
    [InlineData("*", "anything at all", true)]
    [InlineData("*-db", "prod-db", true)]
    [InlineData("*-db", "prod-db-2", false)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "abcabc", true)]
    [InlineData("a*b*c", "acb", false)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exact2", false)]
    [InlineData("**?", "x", true)]
    [InlineData("**?", "", false)]
    public void Matches_Glob_AsExpected(string pattern, string name, bool expected) =>
        Assert.Equal(expected, NamePattern.Matches(pattern, name));

    [Fact]
    public void Matches_ManyStarsAgainstLongName_StaysFast()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(NamePattern.Matches("*a*a*a*a*a*a*a*a*b", new string('a', 5000)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("  ", true)]
    [InlineData("web-\t*", true)]
    [InlineData("web-*", false)]
    [InlineData("*", false)]
    public void Problem_EmptyOrControl_Named(string pattern, bool problem) =>
        Assert.Equal(problem, NamePattern.Problem(pattern) is not null);
}
