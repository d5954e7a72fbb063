using Shouldly;

namespace BenchSuite.Tests.Cli;

/// <summary>
/// Help, version, parse errors and completion must not load libtorch (they answer at once, and work where torch
/// cannot load). Shown on a copy of the build output with every native library left out: there, these commands
/// succeed, while a command that needs torch fails with exit 3 — so the copy really cannot load it.
/// </summary>
[Trait("Category", "unit")]
public sealed class HelpWithoutTorchTests(BuildOutputWithoutTorch withoutTorch) : IClassFixture<BuildOutputWithoutTorch>
{
    [Fact]
    public void The_copy_cannot_load_torch()
    {
        var models = BenchsuiteProcess.RunIn(withoutTorch.Directory, "models");

        models.ExitCode.ShouldBe(3, models.Output + models.Error);
        models.Error.ShouldContain("TorchSharp could not be loaded");
    }

    [Theory]
    [InlineData("--help", "Commands:")]
    [InlineData("-h", "Commands:")]
    [InlineData("run --help", "--train-limit <N>")]
    [InlineData("baselines check --help", "--tier <fixture|cifar10-quick|cifar10-full>")]
    [InlineData("baselines check --help", "--set <section:key=value>")]
    [InlineData("baselines record --help", "--shard <i/n>")]
    [InlineData("baselines calibrate --help", "--mutations <a,b|none>")]
    [InlineData("baselines merge --help", "--baselines <DIR>")]
    [InlineData("report --help", "--baseline <fixture|cifar10-quick|cifar10-full>")]
    [InlineData("sweep --help", "--grid <section:key=v1,v2,...>")]
    [InlineData("bench compare --help", "--threshold <X>")]
    [InlineData("--version", "built for TorchSharp 0.107.0, libtorch 2.10.0, backend cpu")]
    public void Help_and_version_answer_without_torch(string arguments, string expected)
    {
        var result = BenchsuiteProcess.RunIn(withoutTorch.Directory, arguments.Split(' '));

        result.ExitCode.ShouldBe(0, result.Error);
        result.Output.ShouldContain(expected);
        result.Error.ShouldBeEmpty();
    }

    [Fact]
    public void Usage_errors_and_completion_answer_without_torch()
    {
        var typo = BenchsuiteProcess.RunIn(withoutTorch.Directory, "run", "shallow-l2", "--epoch", "1");
        typo.ExitCode.ShouldBe(2);
        typo.Error.Trim().ShouldBe("benchsuite run: unknown option '--epoch'. Did you mean '--epochs'? See 'benchsuite run --help'.");

        // The new commands' input errors, too, are found before anything needs torch.
        var seeds = BenchsuiteProcess.RunIn(withoutTorch.Directory, "baselines", "check", "--seeds", "5-x", "shallow-none");
        seeds.ExitCode.ShouldBe(2, seeds.Error);
        seeds.Error.Trim().Split('\n').Length.ShouldBe(1, seeds.Error);
        var grid = BenchsuiteProcess.RunIn(withoutTorch.Directory, "sweep", "shallow-none", "--grid", "training:epochs", "--out", "x");
        grid.ExitCode.ShouldBe(2, grid.Error);
        grid.Error.ShouldContain("--grid takes section:key=v1,v2");

        var completion = BenchsuiteProcess.RunIn(withoutTorch.Directory, "[suggest:8]", "run shal");
        completion.ExitCode.ShouldBe(0, completion.Error);
        completion.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ShouldBe(["shallow-l2", "shallow-none"]);
    }
}

/// <summary>A copy of the test's build output (which holds the benchsuite program) without any native library.</summary>
public sealed class BuildOutputWithoutTorch : IDisposable
{
    readonly TempDirectory temp = new();

    public BuildOutputWithoutTorch()
    {
        // Managed assemblies, the program's config files, experiments and fixtures; not runtimes/ nor any .so.
        foreach (var file in System.IO.Directory.GetFiles(AppContext.BaseDirectory).Where(f => !f.EndsWith(".so", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(Directory, Path.GetFileName(file)));
        foreach (var folder in new[] { "experiments", "fixtures" })
            CopyFolder(Path.Combine(AppContext.BaseDirectory, folder), Path.Combine(Directory, folder));
    }

    public string Directory => temp.Path;

    public void Dispose() => temp.Dispose();

    static void CopyFolder(string from, string to)
    {
        foreach (var file in System.IO.Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
