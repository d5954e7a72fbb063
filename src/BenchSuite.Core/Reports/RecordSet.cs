using BenchSuite.Results;

namespace BenchSuite.Reports;

/// <summary>A run record and the file it came from.</summary>
public sealed record LoadedRecord(string Path, RunRecord Record);

/// <summary>
/// The run records a report is made from: files named on the command line, and every run record found under the
/// folders named (other JSON files in a folder, such as a report's own output, are skipped). A named file that is
/// missing or not a run record is an error, as is a folder without any record.
/// </summary>
public static class RecordSet
{
    public static IReadOnlyList<LoadedRecord> Load(IEnumerable<string> paths)
    {
        var records = new List<LoadedRecord>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.GetFiles(path, "*.json", SearchOption.AllDirectories)
                    .Order(StringComparer.Ordinal)
                    .Where(IsRunRecord)
                    .Select(f => new LoadedRecord(f, RunRecord.Load(f)))
                    .ToList();
                if (found.Count == 0)
                    throw new InvalidDataException($"{path}: no run records in this folder (files written by 'benchsuite run' or 'benchsuite sweep').");
                records.AddRange(found);
            }
            else
            {
                records.Add(new LoadedRecord(path, RunRecord.Load(path))); // names the file when it is missing or foreign
            }
        }
        if (records.Count == 0) throw new InvalidDataException("no run records given: name record files or folders of them.");
        return records;
    }

    static bool IsRunRecord(string file)
    {
        try { return RunRecord.SchemaOf(File.ReadAllText(file))?.StartsWith(RunRecord.SchemaPrefix, StringComparison.Ordinal) == true; }
        catch (System.Text.Json.JsonException) { return false; }
    }
}
