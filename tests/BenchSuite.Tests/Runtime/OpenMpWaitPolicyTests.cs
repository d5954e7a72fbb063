using BenchSuite.Runtime;
using Shouldly;

namespace BenchSuite.Tests.Runtime;

/// <summary>The line that names libgomp's wait policy beside timings: present only when the environment sets one.</summary>
[Trait("Category", "unit")]
public class OpenMpWaitPolicyTests
{
    [Fact]
    public void A_set_policy_is_named_with_its_value_and_an_unset_one_gives_no_line()
    {
        OpenMpWaitPolicy.Note(new Dictionary<string, string> { ["OMP_WAIT_POLICY"] = "PASSIVE" })
            .ShouldStartWith("OMP_WAIT_POLICY=PASSIVE is set in this environment");
        OpenMpWaitPolicy.Note(new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "2" }).ShouldBeNull();
    }
}
