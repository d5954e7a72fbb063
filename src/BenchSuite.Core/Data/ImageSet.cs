using static TorchSharp.torch;

namespace BenchSuite.Data;

/// <summary>
/// A set of 32×32 RGB images with class labels, kept as the raw bytes of the CIFAR-10 binary format: <see cref="Pixels"/>
/// holds N×3×32×32 bytes in CHW order (all red bytes of an image, then green, then blue; each plane row-major), exactly
/// as they sit in a record, so a reader copies records without reordering. Tensors are made on demand.
/// </summary>
/// <remarks>Record equality compares the arrays by reference, not by content. A <c>with</c> expression skips the
/// constructor's size check, so replace both arrays together if at all.</remarks>
internal sealed record ImageSet(byte[] Pixels, byte[] Labels)
{
    public const int Channels = 3;
    public const int Height = 32;
    public const int Width = 32;
    public const int PixelsPerImage = Channels * Height * Width; // 3072

    // Runs as part of the primary constructor, so no constructed ImageSet has inconsistent arrays.
    readonly bool sizesChecked = CheckSizes(Pixels, Labels);

    public int Count => Labels.Length;

    /// <summary>
    /// The images as float32 [N,3,32,32] with values byte/255 (as Keras' <c>x.astype("float32") / 255.0</c>), or as
    /// <paramref name="scaler"/> says (<see cref="PixelScaler"/>). <paramref name="indices"/> picks and orders images;
    /// null means all, in stored order. The caller owns (and disposes) the result.
    /// </summary>
    public Tensor ToTensor(int[]? indices = null, PixelScaler? scaler = null)
    {
        using var scope = NewDisposeScope();
        // The bytes are viewed in place (frombuffer pins the array, no copy), so picking a batch of 32 images out of
        // 50,000 copies only those 32; the conversion to float then makes the one copy the caller gets.
        var bytes = View(Pixels).view(Count, Channels, Height, Width);
        var selected = Select(bytes, indices);
        return (scaler ?? PixelScaler.Keras).Scale(selected).MoveToOuterDisposeScope();
    }

    /// <summary>The labels as int64 [N] (what cross-entropy losses take); <paramref name="indices"/> as in <see cref="ToTensor"/>.</summary>
    public Tensor LabelsTensor(int[]? indices = null)
    {
        using var scope = NewDisposeScope();
        return Select(View(Labels), indices).to_type(ScalarType.Int64).MoveToOuterDisposeScope();
    }

    /// <summary>A uint8 tensor over <paramref name="bytes"/> without copying (pinned until the tensor is disposed).</summary>
    static Tensor View(byte[] bytes) => bytes.Length == 0 ? empty(0, ScalarType.Byte) : frombuffer(bytes, ScalarType.Byte);

    Tensor Select(Tensor all, int[]? indices)
    {
        if (indices is null) return all;
        foreach (int i in indices)
        {
            // index_select would also reject these, but with a native error that does not say which index was wrong.
            if ((uint)i >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(indices), i, $"Image index {i} is outside 0..{Count - 1}.");
        }
        var index = tensor(indices, ScalarType.Int64);
        return all.index_select(0, index);
    }

    static bool CheckSizes(byte[] pixels, byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        if ((long)labels.Length * PixelsPerImage != pixels.Length)
            throw new ArgumentException(
                $"{labels.Length} labels need {(long)labels.Length * PixelsPerImage} pixel bytes ({PixelsPerImage} per image), but {pixels.Length} were given.",
                nameof(pixels));
        return true;
    }
}
