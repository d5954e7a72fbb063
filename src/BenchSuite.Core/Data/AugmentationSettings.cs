namespace BenchSuite.Data;

/// <summary>
/// The subset of Keras 2.14 <c>ImageDataGenerator</c> arguments the reference experiment uses
/// (fill_mode is always 'nearest', interpolation order 1). Applied by <see cref="KerasAugmentation"/>.
/// </summary>
/// <param name="RotationRangeDegrees">Keras <c>rotation_range</c>: theta ~ U(-range, range) degrees.</param>
/// <param name="WidthShiftRange">Keras <c>width_shift_range</c> as a fraction of the width (0 ≤ value &lt; 1): Keras' <c>ty</c> ~ U(-range, range)·cols.</param>
/// <param name="HeightShiftRange">Keras <c>height_shift_range</c> as a fraction of the height (0 ≤ value &lt; 1): Keras' <c>tx</c> ~ U(-range, range)·rows.</param>
/// <param name="HorizontalFlip">Keras <c>horizontal_flip</c>: mirror the columns with probability 0.5, after the affine transform.</param>
public sealed record AugmentationSettings(double RotationRangeDegrees, double WidthShiftRange, double HeightShiftRange, bool HorizontalFlip)
{
    /// <summary>No augmentation at all: <see cref="KerasAugmentation"/> returns its input unchanged.</summary>
    public static AugmentationSettings None { get; } = new(0, 0, 0, false);

    /// <summary>True when every range is zero and flipping is off, i.e. the augmentation is the identity.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsIdentity => RotationRangeDegrees == 0 && WidthShiftRange == 0 && HeightShiftRange == 0 && !HorizontalFlip;
}
