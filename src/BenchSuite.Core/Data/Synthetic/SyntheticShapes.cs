namespace BenchSuite.Data.Synthetic;

/// <summary>
/// Draws the ten classes of <see cref="SyntheticCifar"/>: procedural shapes and textures at random position, size and
/// rotation, in a random foreground colour on a random background colour, plus per-pixel noise. Colours are drawn the
/// same way for every class (and foreground/background are interchangeable), so only the geometry tells the class.
///
/// Everything is integer arithmetic (positions in 1/256 pixel, rotations in 1/16384), so the bytes cannot depend on
/// how a runtime or CPU rounds floating point or evaluates sin/cos: the fixture must be reproducible forever.
/// </summary>
internal static class SyntheticShapes
{
    public static readonly IReadOnlyList<string> ClassNames =
    [
        "disc", "ring", "square_outline", "triangle", "horizontal_stripes",
        "vertical_stripes", "diagonal_stripes", "checkerboard", "cross", "dots",
    ];

    const int Size = ImageSet.Width; // images are square
    const int PlaneBytes = ImageSet.Width * ImageSet.Height;
    const int Px = 256;        // one pixel in fixed point
    const int Unit = 1 << 14;  // 1.0 for direction cosines
    const int Sqrt3 = 28378;   // √3 · Unit

    // Contrast and noise set the difficulty. With these, a conv32-bn-relu-pool-dense10 net reaches about 0.4 validation
    // accuracy after 3 epochs on 1024 images (see the fixture's README): clearly learnable, far from solved.
    // More noise or less contrast mostly makes that tiny net less stable from one initialisation to the next.

    /// <summary>Smallest L1 distance (summed over R, G, B) between foreground and background, so that every shape is visible.</summary>
    const int MinContrast = 150;

    /// <summary>Per-pixel, per-channel noise is uniform in ±<see cref="Noise"/> (then clamped to 0..255).</summary>
    const int Noise = 12;

    /// <summary>Paints one image of class <paramref name="label"/> into <paramref name="image"/> (3072 bytes, CHW).</summary>
    public static void Paint(int label, ref SplitMix64 rng, Span<byte> image)
    {
        Span<bool> mask = stackalloc bool[PlaneBytes];
        switch (label)
        {
            case 0: Disc(ref rng, mask); break;
            case 1: Ring(ref rng, mask); break;
            case 2: SquareOutline(ref rng, mask); break;
            case 3: Triangle(ref rng, mask); break;
            case 4: Stripes(ref rng, mask, Direction(rng.NextInt(-Jitter, Jitter), 4096)); break;
            case 5: Stripes(ref rng, mask, Direction(4096, rng.NextInt(-Jitter, Jitter))); break;
            case 6: DiagonalStripes(ref rng, mask); break;
            case 7: Checkerboard(ref rng, mask); break;
            case 8: Cross(ref rng, mask); break;
            case 9: Dots(ref rng, mask); break;
            default: throw new ArgumentOutOfRangeException(nameof(label), label, "Classes are 0..9.");
        }
        PaintColours(ref rng, mask, image);
    }

    /// <summary>Direction jitter for the oriented textures: tan⁻¹(700/4096) ≈ ±10°, so orientation stays the class.</summary>
    const int Jitter = 700;

    static void Disc(ref SplitMix64 rng, Span<bool> mask)
    {
        long r = rng.NextInt(5 * Px, 12 * Px);
        Fill(mask, RandomFrame(ref rng, r), (u, v) => u * u + v * v <= r * r);
    }

    static void Ring(ref SplitMix64 rng, Span<bool> mask)
    {
        long r = rng.NextInt(7 * Px, 13 * Px);
        long inner = r - rng.NextInt(2 * Px, (int)(r / 2));
        Fill(mask, RandomFrame(ref rng, r), (u, v) => u * u + v * v <= r * r && u * u + v * v >= inner * inner);
    }

    static void SquareOutline(ref SplitMix64 rng, Span<bool> mask)
    {
        long r = rng.NextInt(6 * Px, 11 * Px); // half the side
        long inner = r - rng.NextInt(2 * Px, (int)(r / 3));
        Fill(mask, RandomFrame(ref rng, r), (u, v) => Math.Max(Math.Abs(u), Math.Abs(v)) is var m && m <= r && m >= inner);
    }

    /// <summary>An equilateral triangle with circumradius r around the frame centre, any rotation.</summary>
    static void Triangle(ref SplitMix64 rng, Span<bool> mask)
    {
        long r = rng.NextInt(7 * Px, 14 * Px);
        // Apex at (0, r), base at v = -r/2; the sides are v = r - √3·|u|.
        Fill(mask, RandomFrame(ref rng, r / 2), (u, v) => 2 * v >= -r && v * Unit + Sqrt3 * Math.Abs(u) <= r * Unit);
    }

    /// <summary>Parallel bands across the whole image, half foreground, with random period and phase; <paramref name="normal"/> is across the bands.</summary>
    static void Stripes(ref SplitMix64 rng, Span<bool> mask, (long Cos, long Sin) normal)
    {
        long period = rng.NextInt(4 * Px, 9 * Px);
        long phase = rng.NextInt((int)period);
        var frame = new Frame(Size * Px / 2, Size * Px / 2, normal.Cos, normal.Sin);
        Fill(mask, frame, (u, _) => FloorMod(u + phase, period) < period / 2);
    }

    static void DiagonalStripes(ref SplitMix64 rng, Span<bool> mask)
    {
        int j = rng.NextInt(-Jitter, Jitter);
        int sign = rng.NextBool() ? 1 : -1; // "\" or "/"
        Stripes(ref rng, mask, Direction(4096 + j, sign * (4096 - j)));
    }

    static void Checkerboard(ref SplitMix64 rng, Span<bool> mask)
    {
        long cell = rng.NextInt(3 * Px, 7 * Px);
        long du = rng.NextInt((int)cell), dv = rng.NextInt((int)cell);
        var frame = new Frame(Size * Px / 2, Size * Px / 2, RandomDirection(ref rng));
        Fill(mask, frame, (u, v) => ((FloorDiv(u + du, cell) + FloorDiv(v + dv, cell)) & 1) == 0);
    }

    /// <summary>A plus sign; rotated, it can also be an X.</summary>
    static void Cross(ref SplitMix64 rng, Span<bool> mask)
    {
        long r = rng.NextInt(7 * Px, 13 * Px); // arm length from the centre
        long w = rng.NextInt(Px * 3 / 4, (int)(r / 5)); // half the arm width
        Fill(mask, RandomFrame(ref rng, r / 2), (u, v) =>
            (Math.Abs(u) <= w && Math.Abs(v) <= r) || (Math.Abs(v) <= w && Math.Abs(u) <= r));
    }

    static void Dots(ref SplitMix64 rng, Span<bool> mask)
    {
        int count = rng.NextInt(6, 12);
        Span<long> dots = stackalloc long[3 * count];
        for (int i = 0; i < count; i++)
        {
            dots[3 * i] = rng.NextInt(Px, (Size - 1) * Px);
            dots[3 * i + 1] = rng.NextInt(Px, (Size - 1) * Px);
            dots[3 * i + 2] = rng.NextInt(Px * 6 / 5, Px * 5 / 2);
        }
        for (int y = 0; y < Size; y++)
        for (int x = 0; x < Size; x++)
        {
            long px = x * Px + Px / 2, py = y * Px + Px / 2;
            for (int i = 0; i < count && !mask[y * Size + x]; i++)
            {
                long dx = px - dots[3 * i], dy = py - dots[3 * i + 1], r = dots[3 * i + 2];
                mask[y * Size + x] = dx * dx + dy * dy <= r * r;
            }
        }
    }

    /// <summary>Random foreground and background colours (the same distribution for every class) plus per-pixel noise.</summary>
    static void PaintColours(ref SplitMix64 rng, ReadOnlySpan<bool> mask, Span<byte> image)
    {
        Span<int> fg = stackalloc int[ImageSet.Channels], bg = stackalloc int[ImageSet.Channels];
        int contrast;
        do
        {
            contrast = 0;
            for (int c = 0; c < ImageSet.Channels; c++)
            {
                fg[c] = rng.NextInt(256);
                bg[c] = rng.NextInt(256);
                contrast += Math.Abs(fg[c] - bg[c]);
            }
        } while (contrast < MinContrast);

        for (int c = 0; c < ImageSet.Channels; c++)
        for (int p = 0; p < PlaneBytes; p++)
        {
            int value = (mask[p] ? fg[c] : bg[c]) + rng.NextInt(-Noise, Noise);
            image[c * PlaneBytes + p] = (byte)Math.Clamp(value, 0, 255);
        }
    }

    /// <summary>Where a shape sits: its centre (1/256 px) and rotation (cos, sin in 1/16384).</summary>
    readonly record struct Frame(long Cx, long Cy, long Cos, long Sin)
    {
        public Frame(long cx, long cy, (long Cos, long Sin) rotation) : this(cx, cy, rotation.Cos, rotation.Sin) { }

        /// <summary>The centre of pixel (x, y) in shape coordinates (1/256 px).</summary>
        public (long U, long V) ToLocal(int x, int y)
        {
            long dx = x * Px + Px / 2 - Cx, dy = y * Px + Px / 2 - Cy;
            return ((dx * Cos + dy * Sin) >> 14, (dy * Cos - dx * Sin) >> 14);
        }
    }

    /// <summary>A random rotation, centred so that at least a disc of radius <paramref name="keepInside"/> lies in the image.</summary>
    static Frame RandomFrame(ref SplitMix64 rng, long keepInside)
    {
        int lo = (int)Math.Min(keepInside, Size * Px / 2), hi = Size * Px - lo;
        long cx = rng.NextInt(lo, hi), cy = rng.NextInt(lo, hi);
        return new Frame(cx, cy, RandomDirection(ref rng));
    }

    /// <summary>A uniformly random direction: a point drawn uniformly from an annulus, normalised (no trigonometry).</summary>
    static (long Cos, long Sin) RandomDirection(ref SplitMix64 rng)
    {
        while (true)
        {
            long a = rng.NextInt(-4096, 4096), b = rng.NextInt(-4096, 4096);
            long r2 = a * a + b * b;
            if (r2 >= 2048L * 2048 && r2 <= 4096L * 4096) return Direction(a, b);
        }
    }

    /// <summary>(a, b) scaled to length <see cref="Unit"/>.</summary>
    static (long Cos, long Sin) Direction(long a, long b)
    {
        long length = ISqrt(a * a + b * b);
        return (a * Unit / length, b * Unit / length);
    }

    /// <summary>⌊√n⌋. Math.Sqrt is correctly rounded (IEEE 754) and n is far below 2^52, so the fix-up loops run at most once.</summary>
    static long ISqrt(long n)
    {
        long r = (long)Math.Sqrt(n);
        while (r * r > n) r--;
        while ((r + 1) * (r + 1) <= n) r++;
        return r;
    }

    static void Fill(Span<bool> mask, Frame frame, Func<long, long, bool> inside)
    {
        for (int y = 0; y < Size; y++)
        for (int x = 0; x < Size; x++)
        {
            var (u, v) = frame.ToLocal(x, y);
            mask[y * Size + x] = inside(u, v);
        }
    }

    static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    static long FloorMod(long a, long b) => a - FloorDiv(a, b) * b;
}
