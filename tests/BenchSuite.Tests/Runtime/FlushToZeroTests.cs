using BenchSuite.Runtime;
using Shouldly;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Runtime;

/// <summary>
/// Flush-to-zero must hold on every thread that computes, not just the one that set it. The check reads results, not
/// clocks: a denormal input added to itself stays a (non-zero) denormal without the flag and becomes exactly zero with it,
/// and libtorch splits a large elementwise op between the calling thread (first half) and its OpenMP workers.
/// </summary>
[Trait("Category", "unit")]
public class FlushToZeroTests
{
    const int Count = 1 << 20;          // far above libtorch's grain size (32768): the op runs in parallel
    const float Denormal = 1e-40f;       // below float32's smallest normal, 1.18e-38

    [SkippableFact]
    public void Flag_reaches_OpenMP_workers_started_before_it_was_set()
    {
        Skip.If(Environment.ProcessorCount < 2, "needs 2 cores: with one torch thread there are no OpenMP workers to check");
        (long Master, long Workers) libtorchSwitchOnly = default, ours = default, off = default;
        Exception? failure = null;

        // A fresh thread has a fresh OpenMP pool; its workers start (and copy the thread's FP state) at the first parallel op.
        var thread = new Thread(() =>
        {
            try
            {
                set_num_threads(2);
                TorchSwitches.TryFlushDenormals(false);
                off = NonZeroHalves();                         // starts the pool with denormals on
                TorchSwitches.TryFlushDenormals(true).ShouldBeTrue("this CPU cannot flush denormals");
                libtorchSwitchOnly = NonZeroHalves();
                FlushToZero.OnThisThreadAndItsWorkers(true, 2).ShouldBeTrue();
                ours = NonZeroHalves();
                FlushToZero.OnThisThreadAndItsWorkers(false, 2);
            }
            catch (Exception e) { failure = e; }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) throw failure;

        off.ShouldBe((Count / 2L, Count / 2L), "without the flag every sum is a non-zero denormal");
        libtorchSwitchOnly.Master.ShouldBe(0, "libtorch's switch flushes on the calling thread");
        libtorchSwitchOnly.Workers.ShouldBeGreaterThan(0, "…but not on workers that were already running (the bug this fixes)");
        ours.ShouldBe((0L, 0L), "FlushToZero reaches the workers too");
    }

    static (long Master, long Workers) NonZeroHalves()
    {
        using var scope = NewDisposeScope();
        var x = tensor(Enumerable.Repeat(Denormal, Count).ToArray()); // a copy of the bits: no arithmetic, no flushing
        x[0].item<float>().ShouldBe(Denormal);
        var nonZero = x.add(x).ne(0);
        return (nonZero.narrow(0, 0, Count / 2).sum().item<long>(), nonZero.narrow(0, Count / 2, Count / 2).sum().item<long>());
    }
}
