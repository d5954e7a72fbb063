using System.Text.Json;

namespace BenchSuite.Throughput;

/// <summary>
/// Reads benchmark results from what a user points at: a BDN full JSON export, a folder of them (BDN writes one per
/// class; every <c>*-report-full.json</c> below it is merged), or our stored <see cref="ThroughputBaseline"/>.
/// Anything else is a <see cref="ThroughputFormatException"/> naming the file and what is wrong with it.
/// </summary>
public static class ThroughputResultsReader
{
    public static ThroughputResults Read(string path)
    {
        if (Directory.Exists(path)) return ReadFolder(path);
        if (!File.Exists(path)) throw new ThroughputFormatException(path, "no such file or folder.");
        return ReadFile(path);
    }

    public static ThroughputResults ReadFile(string path)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new ThroughputFormatException(path, $"not valid JSON ({e.Message})", e); }

        using (document)
        {
            var root = document.RootElement;
            try
            {
                if (ThroughputBaseline.Recognises(root)) return Checked(ThroughputBaseline.Read(path, root));
                if (BdnReportReader.Recognises(root))
                {
                    var results = Checked(BdnReportReader.Read(path, root));
                    var sidecar = PlatformSidecar.TryRead(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
                    return results with { Provenance = PlatformSidecar.Merge(results.Provenance, sidecar) };
                }
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
            {
                // A property of the wrong JSON type deep inside: still the file's fault, so say which file.
                throw new ThroughputFormatException(path, "unexpected content: " + e.Message, e);
            }
            throw new ThroughputFormatException(path,
                "neither a BenchmarkDotNet full JSON export (*-report-full.json, with 'Benchmarks' and 'HostEnvironmentInfo') " +
                $"nor a throughput baseline ('format': '{ThroughputBaseline.CurrentFormat}').");
        }
    }

    /// <summary>Timings are durations: a mean or sample that is not a positive finite number is the file's fault, said here.</summary>
    static ThroughputResults Checked(ThroughputResults results)
    {
        foreach (var (name, timing) in results.Benchmarks)
        {
            bool Bad(double ns) => !double.IsFinite(ns) || ns <= 0;
            double? badSample = timing.SamplesNs.Where(Bad).Select(v => (double?)v).FirstOrDefault();
            string? what = Bad(timing.MeanNs) ? $"a mean of {Text(timing.MeanNs)}"
                         : badSample is { } sample ? $"a sample of {Text(sample)}"
                         : null;
            if (what is not null)
                throw new ThroughputFormatException(results.Path, $"benchmark '{name}' has {what} ns per operation; timings must be positive finite numbers. " +
                                                                  "Re-export it from BenchmarkDotNet or restore the file from git.");
        }
        return results;
    }

    static string Text(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    static ThroughputResults ReadFolder(string folder)
    {
        var files = Directory.GetFiles(folder, BdnReportReader.FilePattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            throw new ThroughputFormatException(folder, $"folder holds no BenchmarkDotNet full JSON export ({BdnReportReader.FilePattern}); " +
                                                        "run the benchmarks with JsonExporter.Full (our Program adds it).");
        var parts = files.Select(ReadFile).ToList();
        var merged = new Dictionary<string, BenchmarkTiming>(StringComparer.Ordinal);
        foreach (var part in parts)
            foreach (var (name, timing) in part.Benchmarks)
                if (!merged.TryAdd(name, timing))
                    throw new ThroughputFormatException(part.Path, $"benchmark '{name}' is also in another export under {folder}; keep one run per folder.");
        var first = parts[0].Provenance;
        return new ThroughputResults(folder, first with
        {
            Job = string.Join("; ", parts.Select(p => p.Provenance.Job).Where(j => j is not null).Distinct()),
            Source = folder,
        }, merged);
    }
}
