using BenchSuite.Runtime;
using BenchSuite.Results;
using ScottPlot;

namespace BenchSuite.Reports;

/// <summary>Writes a ScottPlot figure as a PNG, atomically, in the report's one size and font.</summary>
internal static class FigureFile
{
    public const int Width = 1000, Height = 560;

    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        ReportFonts.Ensure();
        var plot = new Plot();
        plot.Title(Wrap(title), size: 15);
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 13);
        return plot;
    }

    /// <summary>About the characters of a 15-pt title that fit on a line: it is centred over the data area, not the figure.</summary>
    public const int TitleLineCharacters = 80;

    /// <summary>
    /// A title longer than a line, broken at spaces into lines of at most <see cref="TitleLineCharacters"/> (ScottPlot
    /// draws a title on one line and cuts it at the figure's edges; a sweep cell's experiment name makes it long).
    /// </summary>
    public static string Wrap(string title)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (var word in title.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > TitleLineCharacters)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        lines.Add(line.ToString());
        return string.Join('\n', lines);
    }

    /// <summary>Renders and writes <paramref name="plot"/>; returns the file name (for the Markdown link).</summary>
    public static string Save(Plot plot, string directory, string fileName)
    {
        plot.ShowLegend(Edge.Right);
        byte[] png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        AtomicFile.WriteAllBytes(Path.Combine(directory, fileName), png);
        return fileName;
    }

    public static Color SeriesColor(int i) => new ScottPlot.Palettes.Category10().GetColor(i);
}
