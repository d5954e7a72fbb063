var s = BenchSuite.Runtime.TorchNative.EnsureLoaded();
Console.WriteLine(s);
using var t = TorchSharp.torch.ones(3);
Console.WriteLine(t.sum().item<float>());
