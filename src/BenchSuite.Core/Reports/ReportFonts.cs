namespace BenchSuite.Reports;

/// <summary>
/// The font every figure uses, chosen by file rather than by name. ScottPlot 5.1.59 draws with SkiaSharp 3.119
/// from <c>SkiaSharp.NativeAssets.Linux.NoDependencies</c>, a libSkiaSharp built without fontconfig, so it cannot
/// look fonts up by family on Linux; we register the file ourselves. DejaVu Sans ships in Debian and Ubuntu's
/// <c>fonts-dejavu-core</c> (present on their images and GitHub's runners); Liberation Sans and Noto Sans are the
/// fallbacks. Without any of them the figures are still written, with a warning naming the package to install.
/// </summary>
internal static class ReportFonts
{
    public const string Family = "BenchSuite Sans";

    static readonly (string Regular, string Bold)[] Candidates =
    [
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
        ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
        ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
        ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
        ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"),
        ("/System/Library/Fonts/Supplemental/Arial.ttf", "/System/Library/Fonts/Supplemental/Arial Bold.ttf"),
        (@"C:\Windows\Fonts\arial.ttf", @"C:\Windows\Fonts\arialbd.ttf"),
    ];

    static readonly Lazy<string?> chosen = new(Register);

    /// <summary>The font file in use, or null when none was found (then <see cref="Warning"/> says what to do).</summary>
    public static string? File => chosen.Value;

    public static string? Warning => File is null
        ? "no font file found for the figures' text (looked for DejaVu Sans, Liberation Sans, Noto Sans): install fonts-dejavu-core (apt) and run the report again"
        : null;

    /// <summary>Registers the font once and makes it ScottPlot's default; returns the file used.</summary>
    public static string? Ensure() => chosen.Value;

    static string? Register()
    {
        foreach (var (regular, bold) in Candidates)
        {
            if (!System.IO.File.Exists(regular)) continue;
            ScottPlot.Fonts.AddFontFile(Family, regular, bold: false, italic: false);
            ScottPlot.Fonts.AddFontFile(Family, System.IO.File.Exists(bold) ? bold : regular, bold: true, italic: false);
            ScottPlot.Fonts.Default = Family;
            return regular;
        }
        return null;
    }
}
