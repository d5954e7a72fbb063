using BenchSuite.Configuration;
using BenchSuite.Reports;
using BenchSuite.Results;
using BenchSuite.Tests.Baselines;
using Shouldly;

namespace BenchSuite.Tests.Reports;

/// <summary>The sweep's grid and its resume, with a stand-in for training (no model is trained here).</summary>
[Trait("Category", "unit")]
public sealed class SweepTests : IDisposable
{
    static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();
    readonly TempDirectory temp = new();
    public void Dispose() => temp.Dispose();

    static SweepPlan Plan(string experiment, IReadOnlyDictionary<string, string?>? common = null, params string[] grid) =>
        new([experiment], grid.Select(SweepAxis.Parse).ToList(), [42, 43], common ?? new Dictionary<string, string?>(),
            (name, o) => ExperimentLoader.Load(name, o, environment: NoEnvironment));

    /// <summary>A stand-in for training: a record of the cell's configuration, counted.</summary>
    sealed class FakeTraining
    {
        public List<(string Cell, long Seed)> Calls { get; } = [];
        public bool Complete { get; set; } = true;

        public RunRecord Run(SweepCell cell)
        {
            Calls.Add((cell.Name, cell.Seed));
            return SampleRecords.Run(cell.Seed, 2.0) with { Configuration = cell.Experiment, Complete = Complete };
        }
    }

    [Fact]
    public void The_L2_shorthand_sets_every_kernel_the_experiment_regularizes()
    {
        var plan = Plan("shallow-l2", null, "model:kernelRegularizers=0,1e-4", "model:activation=relu,elu");

        plan.Cells.Count.ShouldBe(8); // 2 × 2 settings × 2 seeds
        plan.Cells.Select(c => c.Name).Distinct().ShouldBe([
            "shallow-l2[kernelRegularizers=0,activation=relu]", "shallow-l2[kernelRegularizers=0,activation=elu]",
            "shallow-l2[kernelRegularizers=1e-4,activation=relu]", "shallow-l2[kernelRegularizers=1e-4,activation=elu]"]);
        var cell = plan.Cells.Single(c => c.Name == "shallow-l2[kernelRegularizers=1e-4,activation=elu]" && c.Seed == 43);
        cell.Experiment.Model.KernelL2.ShouldBe(new Dictionary<string, double> { ["conv2d"] = 1e-4, ["dense"] = 1e-4 });
        cell.Experiment.Model.Activation.ShouldBe("elu");
        cell.Experiment.Training.Seed.ShouldBe(43);

        // An experiment without L2 gets it on its hidden kernels, as the documented L2 runs have it.
        var deep = Plan("deep-none", null, "model:kernelRegularizers=1e-3");
        deep.Cells[0].Experiment.Model.KernelL2.Keys.ShouldBe(["conv01", "conv01_2", "conv02", "conv02_2", "conv03_1", "conv03_2", "full01"]);
    }

    [Fact]
    public void Several_experiments_without_a_grid_are_one_cell_each()
    {
        var plan = new SweepPlan(["shallow-none", "shallow-l2"], [], [42, 43, 44], new Dictionary<string, string?>(),
            (name, o) => ExperimentLoader.Load(name, o, environment: NoEnvironment));

        plan.Cells.Select(c => (c.Name, c.Seed)).ShouldBe([
            ("shallow-none", 42L), ("shallow-none", 43L), ("shallow-none", 44L), ("shallow-l2", 42L), ("shallow-l2", 43L), ("shallow-l2", 44L)]);
        plan.XAxis.Key.ShouldBe(SweepPlan.ExperimentKey);
        plan.Cells[4].Experiment.Model.KernelL2.Count.ShouldBe(2);
        plan.Cells[4].RecordFileName.ShouldBe("shallow-l2-seed43.json");
    }

    [Fact]
    public void A_bad_grid_stops_before_anything_runs_naming_the_key()
    {
        Should.Throw<ConfigurationException>(() => Plan("shallow-l2", null, "model:activation=relu,swish"))
            .Message.ShouldContain("'model:activation' = 'swish'");
        Should.Throw<ConfigurationException>(() => Plan("shallow-l2", null, "model:nope=1")).Message.ShouldContain("unknown key 'model:nope'");
        Should.Throw<ArgumentException>(() => SweepAxis.Parse("model:activation")).Message.ShouldContain("section:key=v1,v2");
    }

    [Fact]
    public void A_cell_already_recorded_is_not_run_again()
    {
        var plan = Plan("shallow-l2", null, "model:kernelRegularizers=0,0.01");
        var training = new FakeTraining();

        var first = SweepRunner.Run(plan, temp.Path, training.Run);
        training.Calls.Count.ShouldBe(4);
        first.ShouldAllBe(r => r.Outcome == CellOutcome.Ran);
        Directory.GetFiles(SweepRunner.RunsDirectory(temp.Path)).Length.ShouldBe(4);

        var second = SweepRunner.Run(plan, temp.Path, training.Run);
        training.Calls.Count.ShouldBe(4); // nothing ran
        second.ShouldAllBe(r => r.Outcome == CellOutcome.AlreadyRecorded);

        File.Delete(second[2].Path);
        SweepRunner.Run(plan, temp.Path, training.Run);
        training.Calls.Skip(4).ShouldBe([(plan.Cells[2].Name, plan.Cells[2].Seed)]); // only the missing cell
    }

    [Fact]
    public void An_incomplete_record_or_one_made_with_another_configuration_or_data_is_run_again()
    {
        var plan = Plan("shallow-l2", null, "model:kernelRegularizers=0.01");
        var training = new FakeTraining { Complete = false };

        var stopped = SweepRunner.Run(plan, temp.Path, training.Run);
        stopped.Single().Outcome.ShouldBe(CellOutcome.Incomplete); // stops at the first incomplete cell
        training.Complete = true;
        SweepRunner.Run(plan, temp.Path, training.Run);
        training.Calls.Count.ShouldBe(3); // the incomplete cell again, then the other seed

        var longer = Plan("shallow-l2", new Dictionary<string, string?> { ["training:epochs"] = "5" }, "model:kernelRegularizers=0.01");
        SweepRunner.Run(longer, temp.Path, training.Run);
        training.Calls.Count.ShouldBe(5); // same cell names, other configuration: both seeds again

        SweepRunner.Run(longer, temp.Path, training.Run, dataFingerprint: () => "sha256:abcdef0123456789"); // the records' data
        training.Calls.Count.ShouldBe(5);
        SweepRunner.Run(longer, temp.Path, training.Run, dataFingerprint: () => "sha256:other");
        training.Calls.Count.ShouldBe(7); // other data: both seeds again
    }

    [Fact]
    public void The_report_compares_each_cell_with_the_first_value_of_its_series()
    {
        var plan = new SweepPlan(["shallow-l2", "deep-l2"], [SweepAxis.Parse("model:kernelRegularizers=0,0.01")], [42, 43],
            new Dictionary<string, string?>(), (name, o) => ExperimentLoader.Load(name, o, environment: NoEnvironment));
        // val_accuracy by (cell, seed): shallow 0 → 0.41/0.43, shallow 0.01 → 0.31/0.35; deep's cells all 0.2/0.3.
        double Accuracy(SweepCell cell) => cell.Name.StartsWith("shallow") ? (cell.Name.Contains("=0]") ? 0.41 : 0.31) + (cell.Seed == 43 ? (cell.Name.Contains("=0]") ? 0.02 : 0.04) : 0)
                                                                          : (cell.Seed == 42 ? 0.2 : 0.3);
        var results = SweepRunner.Run(plan, temp.Path, cell =>
        {
            var record = SampleRecords.Run(cell.Seed, 2.0) with { Configuration = cell.Experiment };
            return record with { Epochs = [record.Epochs[0] with { ValAccuracy = Accuracy(cell) }] };
        });
        var records = results.Select(r => (r.Cell, RunRecord.Load(r.Path))).ToList();

        var report = File.ReadAllLines(SweepReport.Write(plan, records, temp.Path, "benchsuite sweep …").MarkdownPath);

        string Row(string experiment, string l2) => report.Single(l => l.StartsWith($"| {experiment} | {l2} |"));
        Row("shallow-l2", "0").ShouldContain("| (control) |");
        Row("deep-l2", "0").ShouldContain("| (control) |");
        // Against its own series' control, with scipy's Welch p for [0.41, 0.43] against [0.31, 0.35]: 0.0917.
        Row("shallow-l2", "0.01").ShouldContain("| −0.0900 (p 0.092) |");
        Row("deep-l2", "0.01").ShouldContain("| 0.0000 (p 1.000) |");
    }
}
