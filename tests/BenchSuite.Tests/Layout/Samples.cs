// Three namespaces for LayeringTests' check of the scan itself: Upper uses Lower in a signature, Lower uses Upper
// only inside a method body, Apart uses neither.
namespace BenchSuite.Tests.Layout.Samples.Lower
{
    sealed class Body
    {
        public static int Count() => new Upper.Holder().Items.Count;
    }
}

namespace BenchSuite.Tests.Layout.Samples.Upper
{
    sealed class Holder
    {
        public List<Lower.Body> Items { get; } = [];
    }
}

namespace BenchSuite.Tests.Layout.Samples.Apart
{
    sealed class Alone
    {
        public static int Twice(int x) => 2 * x;
    }
}
