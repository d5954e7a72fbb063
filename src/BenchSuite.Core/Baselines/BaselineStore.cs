using BenchSuite.Runtime;
using BenchSuite.Results;

namespace BenchSuite.Baselines;

/// <summary>
/// The baselines folder, laid out as <c>TIER/BACKEND/EXPERIMENT.DATA.verified.json</c>, where DATA is the first 12
/// hex digits of the data's sha256 fingerprint: a baseline is only ever found for the data it was made on.
/// Verify's conventions: <c>.verified.json</c> is reviewed and committed, <c>.received.json</c> is what a run
/// produced when it did not match (or had no baseline), and only an explicit accept turns one into the other.
/// </summary>
public sealed class BaselineStore(string root)
{
    public const string Verified = ".verified.json";
    public const string Received = ".received.json";

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The repository's baselines folder, found from the current directory or the program's.</summary>
    public static BaselineStore Default() =>
        new(Checkout.TryFindRoot() is { } root ? Path.Combine(root, "baselines") : "baselines");

    public string VerifiedPath(Tier tier, string backend, string experiment, string fingerprint) =>
        Path.Combine(Root, tier.Name, backend, $"{experiment}.{ShortFingerprint(fingerprint)}{Verified}");

    public static string ReceivedPath(string verifiedPath) => verifiedPath[..^Verified.Length] + Received;

    /// <summary>A shard of a baseline being recorded in parts: <c>EXPERIMENT.DATA.shard-I-of-N.json</c> beside the verified file.</summary>
    public static string ShardPath(string verifiedPath, int index, int count) => verifiedPath[..^Verified.Length] + $".shard-{index}-of-{count}.json";

    /// <summary>Shard files under the tier's folders, grouped by the verified file they make together.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ShardFiles(Tier tier, IReadOnlyCollection<string>? experiments = null)
    {
        string folder = Path.Combine(Root, tier.Name);
        if (!Directory.Exists(folder)) return new Dictionary<string, IReadOnlyList<string>>();
        return Directory.GetFiles(folder, "*.shard-*-of-*.json", SearchOption.AllDirectories)
            .Where(f => experiments is null || experiments.Count == 0 || experiments.Contains(Path.GetFileName(f).Split('.')[0]))
            .GroupBy(f => f[..f.LastIndexOf(".shard-", StringComparison.Ordinal)] + Verified)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>Baselines of this experiment and tier made on other data or another backend (to say why none matched).</summary>
    public IReadOnlyList<string> Others(Tier tier, string experiment, string exceptPath) =>
        Directory.Exists(Path.Combine(Root, tier.Name))
            ? Directory.GetFiles(Path.Combine(Root, tier.Name), $"{experiment}.*{Verified}", SearchOption.AllDirectories)
                .Where(f => Path.GetFullPath(f) != Path.GetFullPath(exceptPath)).Order(StringComparer.Ordinal).ToList()
            : [];

    public static void WriteReceived(string verifiedPath, Baseline baseline) => AtomicFile.WriteAllText(ReceivedPath(verifiedPath), baseline.ToJson());

    /// <summary>Writes a new verified baseline; an existing one is never replaced here (that is what accept is for).</summary>
    public static bool TryWriteNew(string verifiedPath, Baseline baseline)
    {
        if (File.Exists(verifiedPath)) return false;
        AtomicFile.WriteAllText(verifiedPath, baseline.ToJson());
        return true;
    }

    public IReadOnlyList<string> ReceivedFiles(IReadOnlyCollection<string>? experiments = null) =>
        !Directory.Exists(Root) ? []
        : Directory.GetFiles(Root, "*" + Received, SearchOption.AllDirectories)
            .Where(f => experiments is null || experiments.Count == 0 || experiments.Contains(Path.GetFileName(f).Split('.')[0]))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>Promotes received files to verified (the user asked for it); returns what was accepted.</summary>
    public IReadOnlyList<string> Accept(IReadOnlyCollection<string>? experiments = null)
    {
        var accepted = new List<string>();
        foreach (var received in ReceivedFiles(experiments))
        {
            Baseline.Load(received); // never promote a file that does not parse
            string verified = received[..^Received.Length] + Verified;
            File.Move(received, verified, overwrite: true);
            accepted.Add(verified);
        }
        return accepted;
    }

    public static string ShortFingerprint(string fingerprint)
    {
        string hex = fingerprint.StartsWith("sha256:", StringComparison.Ordinal) ? fingerprint[7..] : fingerprint;
        return hex.Length >= 12 ? hex[..12] : hex;
    }
}
