using RuBackup.Api;
using RuBackup.Client.Tools;
using Spectre.Console;

namespace RuBackup.Tools.Tasks;

/// <summary>The task list's columns, shared by the plain, the boxed and the live output.</summary>
public static class TaskTable
{
    public static readonly IReadOnlyList<string> Headers = ["ID", "KIND", "STATE", "RESOURCE", "PROGRESS", "CREATED", "FINISHED", "ERROR"];

    public static IReadOnlyList<string> Row(TaskInfo task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var resource = task.Kind == TaskKind.Backup || task.ArchiveId is null
            ? task.ResourceName ?? task.Resource ?? "-"
            : $"{task.ResourceName ?? task.Resource ?? "-"} ({task.ArchiveId})";
        var kind = task.Kind == TaskKind.Backup && task.BackupType is { } type ? $"backup {ToolOutput.Lower(type)}"
            : task.Kind == TaskKind.Restore && task.RestoreMode is { } mode ? $"restore {ToolOutput.Lower(mode)}"
            : ToolOutput.Lower(task.Kind);
        return
        [
            task.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            kind,
            ToolOutput.Lower(task.State),
            resource,
            ToolOutput.Percent(task.BytesDone, task.BytesTotal),
            ToolOutput.Time(task.Created),
            ToolOutput.Time(task.Finished),
            task.Error ?? "",
        ];
    }

    public static Table Render(IEnumerable<TaskInfo> tasks)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in Headers)
        {
            table.AddColumn(header);
        }
        foreach (var task in tasks)
        {
            table.AddRow(Row(task).Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell)).ToArray());
        }
        return table;
    }

    /// <summary>One plain line per task (rb_tasks -f when not on a terminal).</summary>
    public static string Line(TaskInfo task) => string.Join("  ", Row(task).Select(c => c.Length == 0 ? "-" : c));
}
