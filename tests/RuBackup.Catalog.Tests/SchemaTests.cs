using System.Text;
using RuBackup.Api;

namespace RuBackup.Catalog.Tests;

/// <summary>The tables as an administrator reads them with the database's own tools.</summary>
public abstract class SchemaTests : CatalogTestBase
{
    /// <summary>The column names of a table, read with the provider's own catalog views.</summary>
    protected abstract Task<IReadOnlyList<string>> ColumnsAsync(string table);

    /// <summary>One value as stored, read with plain SQL.</summary>
    protected abstract Task<object?> ScalarAsync(string sql);

    [Fact]
    public async Task Rules_EverySetting_HasAColumnOfItsOwn()
    {
        var columns = await ColumnsAsync("rules");

        foreach (var property in typeof(RuleSettings).GetProperties())
        {
            Assert.Contains(SnakeCase(property.Name), columns);
        }
    }

    [Fact]
    public async Task Rules_StoredValues_ReadablePlainly()
    {
        await Catalog.CreateRuleAsync(
            new RuleSettings { Name = "r", Resource = "vm", Pool = "p", Schedule = "0 1 * * *", Notify = ["a@b.c"], BackupType = BackupKind.Differential },
            RuleStatus.Run,
            T0,
            Ct);

        Assert.Equal("differential", await ScalarAsync("SELECT backup_type FROM rules"));
        Assert.Equal("[\"a@b.c\"]", await ScalarAsync("SELECT notify FROM rules"));
        Assert.Equal(T0.ToUnixTimeMilliseconds(), Convert.ToInt64(await ScalarAsync("SELECT created_at FROM rules"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("run", await ScalarAsync("SELECT status FROM rules"));
    }

    [Fact]
    public async Task Tokens_Stored_OnlyTheHash()
    {
        await Catalog.SaveTokenAsync(new TokenRecord("9f86d081", "user:alice", T0, T0.AddHours(1)), Ct);

        Assert.Equal(["created_at", "expires_at", "subject", "token_hash"], (await ColumnsAsync("tokens")).Order());
    }

    [Fact]
    public async Task TaskLog_Table_HoldsTheLinesOfTheTask()
    {
        var task = await Catalog.CreateTaskAsync(NewTask(), Ct);
        await Catalog.AppendTaskLogAsync(task.Id, [new(T0, "info", "hello")], Ct);

        Assert.Equal("hello", await ScalarAsync($"SELECT message FROM task_log WHERE task_id = {task.Id} AND seq = 1"));
    }

    [Fact]
    public async Task SchemaVersion_Table_RecordsEveryMigration()
    {
        Assert.Equal(
            (long)CatalogSchema.Migrations.Count,
            Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM schema_version"), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
