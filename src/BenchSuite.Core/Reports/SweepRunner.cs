using BenchSuite.Results;

namespace BenchSuite.Reports;

/// <summary>What happened to one cell of a sweep.</summary>
public enum CellOutcome { Ran, AlreadyRecorded, Incomplete }

/// <summary>
/// Runs a sweep's cells in order, one record per cell in <c>DIR/runs/</c>. Resumable: a cell whose record exists,
/// is complete and was made with the same configuration (and, when <c>dataFingerprint</c> is given, on the same
/// data) is not run again; an incomplete record (Ctrl-C) or one made with another configuration or data is run again
/// and replaced.
/// </summary>
public static class SweepRunner
{
    public static string RunsDirectory(string sweepDirectory) => Path.Combine(sweepDirectory, "runs");

    /// <param name="runCell">Trains one cell and returns its record (the CLI passes the real trainer, tests a stand-in).</param>
    /// <param name="progress">Told about each cell as it is decided.</param>
    /// <param name="dataFingerprint">The fingerprint of the data the cells train on (asked for only when a record exists), or null not to compare.</param>
    public static IReadOnlyList<(SweepCell Cell, CellOutcome Outcome, string Path)> Run(
        SweepPlan plan, string sweepDirectory, Func<SweepCell, RunRecord> runCell, Action<SweepCell, CellOutcome, int, int>? progress = null,
        CancellationToken cancel = default, Func<string>? dataFingerprint = null)
    {
        var results = new List<(SweepCell, CellOutcome, string)>();
        for (int i = 0; i < plan.Cells.Count; i++)
        {
            var cell = plan.Cells[i];
            string path = Path.Combine(RunsDirectory(sweepDirectory), cell.RecordFileName);
            if (IsDone(path, cell, dataFingerprint))
            {
                results.Add((cell, CellOutcome.AlreadyRecorded, path));
                progress?.Invoke(cell, CellOutcome.AlreadyRecorded, i + 1, plan.Cells.Count);
                continue;
            }
            if (cancel.IsCancellationRequested) break;
            var record = runCell(cell) with { Experiment = cell.Name };
            record.Save(path);
            var outcome = record.Complete ? CellOutcome.Ran : CellOutcome.Incomplete;
            results.Add((cell, outcome, path));
            progress?.Invoke(cell, outcome, i + 1, plan.Cells.Count);
            if (!record.Complete) break; // stopped by the user: the rest waits for the next call
        }
        return results;
    }

    /// <summary>A complete record of this cell: same name, the same resolved configuration (seed included), the same data.</summary>
    static bool IsDone(string path, SweepCell cell, Func<string>? dataFingerprint)
    {
        if (!File.Exists(path)) return false;
        try
        {
            var record = RunRecord.Load(path);
            return record.Complete && record.Experiment == cell.Name
                   && System.Text.Json.JsonSerializer.Serialize(record.Configuration, RunRecord.Json) == System.Text.Json.JsonSerializer.Serialize(cell.Experiment, RunRecord.Json)
                   && (dataFingerprint is null || record.Data.Fingerprint == dataFingerprint());
        }
        catch (InvalidDataException)
        {
            return false; // unreadable: run it again
        }
    }
}
