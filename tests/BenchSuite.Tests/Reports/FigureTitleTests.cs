using BenchSuite.Reports;
using Shouldly;

namespace BenchSuite.Tests.Reports;

/// <summary>A figure title longer than the data area is wide goes on more lines instead of being cut at the figure's edges.</summary>
[Trait("Category", "unit")]
public class FigureTitleTests
{
    [Fact]
    public void A_short_title_stays_on_one_line()
    {
        const string title = "deep-none: kernel norms ‖W‖₂ per layer (all seeds; colour = layer)";
        FigureFile.Wrap(title).ShouldBe(title);
    }

    [Fact]
    public void A_sweep_cell_s_long_title_breaks_at_spaces_into_lines_that_fit()
    {
        const string title = "deep-none-sweep-cell-l2=0.0100-lr=0.0005-momentum=0.99: effective step ‖ΔW‖/‖W‖ per 1 step(s) (all seeds; colour = layer)";

        var lines = FigureFile.Wrap(title).Split('\n');

        lines.Length.ShouldBe(2);
        lines.ShouldAllBe(l => l.Length <= FigureFile.TitleLineCharacters);
        string.Join(' ', lines).ShouldBe(title); // nothing lost or reordered
    }
}
