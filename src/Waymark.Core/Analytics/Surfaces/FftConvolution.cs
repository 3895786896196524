using System.Numerics;

namespace Waymark.Core.Analytics.Surfaces;

/// <summary>
/// Linear 2-D convolution of a raster with a symmetric stencil by the fast Fourier transform: a mixed-radix
/// (2, 3, 4, 5) Stockham autosort FFT (Cooley &amp; Tukey 1965; Stockham 1966; Van Loan, Computational Frameworks
/// for the Fast Fourier Transform, 1992, §1.7) applied to rows and then to columns, with both real inputs packed
/// into one complex transform ("two real FFTs for the price of one", Numerical Recipes, 3rd ed., §12.3).
/// </summary>
/// <remarks>
/// Each transform length is the smallest 5-smooth number (2^a 3^b 5^c) at least raster size + stencil radius,
/// which is enough for the circular convolution to equal the linear one on the raster and wastes far less than
/// rounding up to a power of two. Round-off leaves values of about 1e-16 of the largest where the exact result
/// is 0; the caller cleans those.
/// </remarks>
internal static class FftConvolution
{
    private const int ColumnBlock = 8;

    /// <summary>Convolves <paramref name="grid"/> (columns × rows, row-major) with a (2r+1)² stencil centred on its middle.</summary>
    internal static double[] Convolve(double[] grid, int columns, int rows, double[] stencil, int radius)
    {
        int mx = FastLength(columns + radius);
        int my = FastLength(rows + radius);
        long size = (long)mx * my;
        if (size > Array.MaxLength)
        {
            throw new ArgumentException(SurfaceGuards.Inv($"The raster and kernel need a {mx} x {my} transform, too large for memory; use a larger cell size."));
        }

        // z = grid + i × stencil, the stencil wrapped so that its centre is at (0, 0).
        var z = new Complex[size];
        for (int y = 0; y < rows; y++)
        {
            for (int x = 0; x < columns; x++)
            {
                z[((long)y * mx) + x] = new Complex(grid[((long)y * columns) + x], 0);
            }
        }

        int width = (2 * radius) + 1;
        for (int dy = -radius; dy <= radius; dy++)
        {
            int wy = dy < 0 ? dy + my : dy;
            for (int dx = -radius; dx <= radius; dx++)
            {
                int wx = dx < 0 ? dx + mx : dx;
                long i = ((long)wy * mx) + wx;
                z[i] = new Complex(z[i].Real, stencil[((dy + radius) * width) + dx + radius]);
            }
        }

        var rowFft = new Fft(mx);
        Fft columnFft = my == mx ? rowFft : new Fft(my);

        // Forward: only rows holding data or stencil are non-zero.
        int lowRows = Math.Max(rows, radius + 1);
        TransformRows(z, mx, 0, lowRows, rowFft, inverse: false);
        TransformRows(z, mx, Math.Max(lowRows, my - radius), my, rowFft, inverse: false);
        TransformColumns(z, mx, my, columnFft, inverse: false);

        // Z = X + iY with X = FFT(grid) and Y = FFT(stencil), both Hermitian:
        // X[k] = (Z[k] + conj Z[−k]) / 2, Y[k] = (Z[k] − conj Z[−k]) / 2i; the product P = XY is Hermitian too.
        Parallel.For(0, (my / 2) + 1, ky =>
        {
            int kyPartner = ky == 0 ? 0 : my - ky;
            for (int kx = 0; kx < mx; kx++)
            {
                int kxPartner = kx == 0 ? 0 : mx - kx;
                long i = ((long)ky * mx) + kx;
                long j = ((long)kyPartner * mx) + kxPartner;
                if (kyPartner == ky && j < i)
                {
                    continue; // done from the other side of this self-partnered row
                }

                Complex a = z[i];
                Complex b = Complex.Conjugate(z[j]);
                Complex x = (a + b) * 0.5;
                Complex d = a - b;
                var yv = new Complex(0.5 * d.Imaginary, -0.5 * d.Real); // d / 2i
                Complex p = x * yv;
                z[i] = p;
                z[j] = Complex.Conjugate(p);
            }
        });

        TransformColumns(z, mx, my, columnFft, inverse: true);
        TransformRows(z, mx, 0, rows, rowFft, inverse: true);

        var result = new double[(long)columns * rows];
        double scale = 1.0 / size;
        Parallel.For(0, rows, y =>
        {
            for (int x = 0; x < columns; x++)
            {
                result[((long)y * columns) + x] = z[((long)y * mx) + x].Real * scale;
            }
        });

        return result;
    }

    /// <summary>The smallest 5-smooth number (2^a 3^b 5^c) at least <paramref name="n"/>.</summary>
    internal static int FastLength(int n)
    {
        for (int candidate = Math.Max(1, n); ; candidate++)
        {
            int rest = candidate;
            foreach (int f in (ReadOnlySpan<int>)[2, 3, 5])
            {
                while (rest % f == 0)
                {
                    rest /= f;
                }
            }

            if (rest == 1)
            {
                return candidate;
            }
        }
    }

    private static void TransformRows(Complex[] z, int mx, int fromRow, int toRow, Fft fft, bool inverse)
    {
        if (toRow <= fromRow)
        {
            return;
        }

        Parallel.For(
            fromRow,
            toRow,
            () => new Complex[mx],
            (y, _, scratch) =>
            {
                fft.Transform(z.AsSpan((int)((long)y * mx), mx), scratch, inverse);
                return scratch;
            },
            _ => { });
    }

    private static void TransformColumns(Complex[] z, int mx, int my, Fft fft, bool inverse)
    {
        int blocks = (mx + ColumnBlock - 1) / ColumnBlock;
        Parallel.For(
            0,
            blocks,
            () => (new Complex[ColumnBlock * my], new Complex[my]),
            (block, _, buffers) =>
            {
                (Complex[] columns, Complex[] scratch) = buffers;
                int x0 = block * ColumnBlock;
                int count = Math.Min(ColumnBlock, mx - x0);
                for (int y = 0; y < my; y++)
                {
                    long offset = ((long)y * mx) + x0;
                    for (int b = 0; b < count; b++)
                    {
                        columns[(b * my) + y] = z[offset + b];
                    }
                }

                for (int b = 0; b < count; b++)
                {
                    fft.Transform(columns.AsSpan(b * my, my), scratch, inverse);
                }

                for (int y = 0; y < my; y++)
                {
                    long offset = ((long)y * mx) + x0;
                    for (int b = 0; b < count; b++)
                    {
                        z[offset + b] = columns[(b * my) + y];
                    }
                }

                return buffers;
            },
            _ => { });
    }

    /// <summary>
    /// An in-place complex FFT of one 5-smooth length. Stage with radix p on sub-transforms of length n and
    /// stride s (m = n/p): y[q + s(pj + t)] = ω_n^(jt) Σ_k x[q + s(j + km)] ω_p^(kt), then the next stage runs on
    /// y with n/p and sp; the result ends in natural order (Stockham autosort, decimation in frequency).
    /// </summary>
    private sealed class Fft
    {
        private readonly int _n;
        private readonly int[] _factors;
        private readonly Complex[] _roots; // e^(−2πik/n), k = 0..n−1

        public Fft(int n)
        {
            _n = n;
            var factors = new List<int>();
            int rest = n;
            while (rest % 4 == 0)
            {
                factors.Add(4);
                rest /= 4;
            }

            foreach (int f in (ReadOnlySpan<int>)[2, 3, 5])
            {
                while (rest % f == 0)
                {
                    factors.Add(f);
                    rest /= f;
                }
            }

            if (rest != 1)
            {
                throw new ArgumentException("The FFT length must be 5-smooth.", nameof(n));
            }

            _factors = [.. factors];
            _roots = new Complex[n];
            for (int k = 0; k < n; k++)
            {
                double angle = -2 * Math.PI * k / n;
                _roots[k] = new Complex(Math.Cos(angle), Math.Sin(angle));
            }
        }

        /// <summary>Forward: X[k] = Σ x[j] e^(−2πijk/n); inverse uses e^(+2πijk/n) and does not divide by n.</summary>
        public void Transform(Span<Complex> data, Span<Complex> scratch, bool inverse)
        {
            Span<Complex> x = data;
            Span<Complex> y = scratch[.._n];
            int n = _n, s = 1;
            foreach (int p in _factors)
            {
                int m = n / p;
                int rootStep = _n / n;
                switch (p)
                {
                    case 2:
                        Radix2(x, y, m, s, rootStep, inverse);
                        break;
                    case 3:
                        Radix3(x, y, m, s, rootStep, inverse);
                        break;
                    case 4:
                        Radix4(x, y, m, s, rootStep, inverse);
                        break;
                    default:
                        Radix5(x, y, m, s, rootStep, inverse);
                        break;
                }

                Span<Complex> t = x;
                x = y;
                y = t;
                n = m;
                s *= p;
            }

            if (!x.Overlaps(data))
            {
                x.CopyTo(data);
            }
        }

        private Complex Twiddle(int k, bool inverse) => inverse ? Complex.Conjugate(_roots[k]) : _roots[k];

        private void Radix2(Span<Complex> x, Span<Complex> y, int m, int s, int rootStep, bool inverse)
        {
            for (int j = 0; j < m; j++)
            {
                Complex w1 = Twiddle(j * rootStep, inverse);
                for (int q = 0; q < s; q++)
                {
                    Complex a0 = x[q + (s * j)];
                    Complex a1 = x[q + (s * (j + m))];
                    y[q + (s * 2 * j)] = a0 + a1;
                    y[q + (s * ((2 * j) + 1))] = (a0 - a1) * w1;
                }
            }
        }

        private void Radix3(Span<Complex> x, Span<Complex> y, int m, int s, int rootStep, bool inverse)
        {
            // ω₃ = −1/2 ∓ i√3/2: b₁,₂ = a₀ − (a₁ + a₂)/2 ± i × sign × (√3/2)(a₁ − a₂).
            double sinPart = (inverse ? 1 : -1) * Math.Sqrt(3) / 2;
            for (int j = 0; j < m; j++)
            {
                Complex w1 = Twiddle(j * rootStep, inverse);
                Complex w2 = Twiddle(2 * j * rootStep, inverse);
                for (int q = 0; q < s; q++)
                {
                    Complex a0 = x[q + (s * j)];
                    Complex a1 = x[q + (s * (j + m))];
                    Complex a2 = x[q + (s * (j + (2 * m)))];
                    Complex sum = a1 + a2;
                    Complex diff = a1 - a2;
                    Complex mid = a0 - (sum * 0.5);
                    var rotated = new Complex(-sinPart * diff.Imaginary, sinPart * diff.Real);
                    int o = q + (s * 3 * j);
                    y[o] = a0 + sum;
                    y[o + s] = (mid + rotated) * w1;
                    y[o + (2 * s)] = (mid - rotated) * w2;
                }
            }
        }

        private void Radix4(Span<Complex> x, Span<Complex> y, int m, int s, int rootStep, bool inverse)
        {
            // ω₄ = ∓i: b₁ = (a₀ − a₂) + ω₄(a₁ − a₃), b₃ = (a₀ − a₂) − ω₄(a₁ − a₃).
            double sign = inverse ? 1 : -1;
            for (int j = 0; j < m; j++)
            {
                Complex w1 = Twiddle(j * rootStep, inverse);
                Complex w2 = Twiddle(2 * j * rootStep, inverse);
                Complex w3 = Twiddle(3 * j * rootStep, inverse);
                for (int q = 0; q < s; q++)
                {
                    Complex a0 = x[q + (s * j)];
                    Complex a1 = x[q + (s * (j + m))];
                    Complex a2 = x[q + (s * (j + (2 * m)))];
                    Complex a3 = x[q + (s * (j + (3 * m)))];
                    Complex s02 = a0 + a2, d02 = a0 - a2, s13 = a1 + a3, d13 = a1 - a3;
                    var rotated = new Complex(-sign * d13.Imaginary, sign * d13.Real);
                    int o = q + (s * 4 * j);
                    y[o] = s02 + s13;
                    y[o + s] = (d02 + rotated) * w1;
                    y[o + (2 * s)] = (s02 - s13) * w2;
                    y[o + (3 * s)] = (d02 - rotated) * w3;
                }
            }
        }

        private void Radix5(Span<Complex> x, Span<Complex> y, int m, int s, int rootStep, bool inverse)
        {
            // With ω₅ = e^(∓2πi/5) = c₁ ∓ i s₁ and ω₅² = c₂ ∓ i s₂, pairing a₁ with a₄ and a₂ with a₃:
            // b₁,₄ = m₁ ∓ i n₁ and b₂,₃ = m₂ ∓ i n₂ (signs flipped for the inverse), where
            // m₁ = a₀ + c₁(a₁+a₄) + c₂(a₂+a₃), m₂ = a₀ + c₂(a₁+a₄) + c₁(a₂+a₃),
            // n₁ = s₁(a₁−a₄) + s₂(a₂−a₃),      n₂ = s₂(a₁−a₄) − s₁(a₂−a₃).
            double c1 = Math.Cos(2 * Math.PI / 5), c2 = Math.Cos(4 * Math.PI / 5);
            double s1 = Math.Sin(2 * Math.PI / 5), s2 = Math.Sin(4 * Math.PI / 5);
            double sign = inverse ? 1 : -1;
            for (int j = 0; j < m; j++)
            {
                Complex w1 = Twiddle(j * rootStep, inverse);
                Complex w2 = Twiddle(2 * j * rootStep, inverse);
                Complex w3 = Twiddle(3 * j * rootStep, inverse);
                Complex w4 = Twiddle(4 * j * rootStep, inverse);
                for (int q = 0; q < s; q++)
                {
                    Complex a0 = x[q + (s * j)];
                    Complex a1 = x[q + (s * (j + m))];
                    Complex a2 = x[q + (s * (j + (2 * m)))];
                    Complex a3 = x[q + (s * (j + (3 * m)))];
                    Complex a4 = x[q + (s * (j + (4 * m)))];
                    Complex t1 = a1 + a4, t2 = a2 + a3, t3 = a1 - a4, t4 = a2 - a3;
                    Complex m1 = a0 + (c1 * t1) + (c2 * t2);
                    Complex m2 = a0 + (c2 * t1) + (c1 * t2);
                    Complex n1 = (s1 * t3) + (s2 * t4);
                    Complex n2 = (s2 * t3) - (s1 * t4);
                    var in1 = new Complex(-sign * n1.Imaginary, sign * n1.Real); // sign × i × n₁
                    var in2 = new Complex(-sign * n2.Imaginary, sign * n2.Real);
                    int o = q + (s * 5 * j);
                    y[o] = a0 + t1 + t2;
                    y[o + s] = (m1 + in1) * w1;
                    y[o + (2 * s)] = (m2 + in2) * w2;
                    y[o + (3 * s)] = (m2 - in2) * w3;
                    y[o + (4 * s)] = (m1 - in1) * w4;
                }
            }
        }
    }
}
