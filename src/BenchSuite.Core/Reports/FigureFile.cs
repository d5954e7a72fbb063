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
        plot.Title(title, size: 15);
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 13);
        return plot;
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
