using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>The Keras activations a layer of ours may carry (Keras' <c>activation=</c> argument).</summary>
internal static class Activation
{
    public static readonly IReadOnlyList<string> Known = ["relu", "elu", "tanh", "sigmoid", "linear"];

    public static Tensor Apply(string name, Tensor x) => name switch
    {
        "relu" => nn.functional.relu(x),
        "elu" => nn.functional.elu(x, alpha: 1.0),
        "tanh" => x.tanh(),
        "sigmoid" => x.sigmoid(),
        "linear" => x,
        _ => throw new ArgumentException($"Unknown activation '{name}'. Allowed: {string.Join(", ", Known)}.", nameof(name)),
    };

    public static void Validate(string name, string where)
    {
        if (!Known.Contains(name))
            throw new ArgumentException($"{where}: unknown activation '{name}'. Allowed: {string.Join(", ", Known)}.");
    }
}
