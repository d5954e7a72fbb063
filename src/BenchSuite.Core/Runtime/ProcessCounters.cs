namespace BenchSuite.Runtime;

/// <summary>
/// What the kernel counts for this process, read from /proc (Linux; zeros elsewhere): minor page faults — each one a
/// page mapped and zeroed on first touch, the cost of memory that the allocator handed back and took again — and
/// resident memory now and at its peak.
/// </summary>
public static class ProcessCounters
{
    /// <summary>Minor page faults so far (field 10 of /proc/self/stat), or 0 where /proc is not available.</summary>
    public static long MinorFaults()
    {
        try
        {
            string stat = File.ReadAllText("/proc/self/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[7]); // field 10 overall: minflt
        }
        catch (IOException) { return 0; }
        catch (UnauthorizedAccessException) { return 0; }
    }

    /// <summary>Resident set size now (VmRSS), in bytes.</summary>
    public static long ResidentBytes() => ReadStatusKilobytes("VmRSS:") * 1024;

    /// <summary>The process' peak resident set size so far (VmHWM), in bytes.</summary>
    public static long PeakResidentBytes() => ReadStatusKilobytes("VmHWM:") * 1024;

    static long ReadStatusKilobytes(string key)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith(key, StringComparison.Ordinal))
                    return long.Parse(line[key.Length..].Trim().Split(' ')[0]);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return 0;
    }
}
