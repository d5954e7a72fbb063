using static TorchSharp.torch;

namespace BenchSuite.Data;

/// <summary>
/// How pixel bytes become the model's float inputs: byte / <see cref="Divisor"/> in float32. Keras' <c>/ 255.0</c>
/// (<see cref="Keras"/>, the default everywhere) maps 0…255 onto [0, 1]; <see cref="By256"/> is the slip of a port
/// that divides by 256 (a shift by 8 bits; the catalogue calls it TorchVision's, though torchvision's
/// <c>ToTensor</c> divides by 255), which scales every input by 255/256. A part handed to the data preparation.
/// </summary>
public sealed record PixelScaler(string Name, float Divisor)
{
    public static readonly PixelScaler Keras = new("keras-255", 255f);
    public static readonly PixelScaler By256 = new("divide-by-256", 256f);

    /// <summary>uint8 (or any integer) pixels to float32 values; a new tensor.</summary>
    public Tensor Scale(Tensor bytes) => bytes.to_type(ScalarType.Float32).div_(Divisor);
}
