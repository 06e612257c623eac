using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MnistFunctional.Backend;

/// <summary>
/// Single-precision matrix product on column-major storage (MathNet's layout):
/// C = op(A)·op(B), or C += op(A)·op(B). Packed panels, an AVX-512 (or AVX2) FMA micro-kernel,
/// and the columns of C split across cores. Each element of C is summed in the same order whatever
/// the number of threads, so results are bit-identical for the same inputs.
/// MathNet's own <c>Matrix.Multiply</c> is the reference this kernel is tested against.
/// </summary>
public static unsafe class Gemm
{
    // A micro-panel of A (mr × kc) stays in L1 next to a B micro-panel; larger k blocks measured slower.
    private const int KBlock = 256;
    private const int NBlock = 512;
    private const int DirectPanelLimit = 4;
    private const int LongKBlock = 4096;
    // A packed A up to this size (conv2's 64 × 288, conv3's 576 × 64: 144 KB) is packed once per call, not per column block.
    private const int PackedALimit = 64 * 1024;

    // Below this a fork/join costs more than it saves: a single image's products (≤ 4.5 MFLOP) stay on one
    // thread (batch-1 latency 66 vs 76 µs, interleaved A/B); batches already split across cores by slices.
    private const long ParallelThresholdFlops = 8_000_000;

    private static readonly bool Wide = Vector512.IsHardwareAccelerated;

    // Micro-tile: MR rows × NR columns of C held in registers.
    private static int MR => Wide ? 32 : 16;

    private static int NR => Wide ? 8 : 6;

    /// <summary>
    /// C (m×n, leading dimension ldc) = op(A) (m×k) · op(B) (k×n), plus C when <paramref name="accumulate"/>;
    /// on one thread unless <paramref name="parallel"/> (callers that already split the batch across cores pass false).
    /// </summary>
    public static void Multiply(
        bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate = false, bool parallel = true)
    {
        if (m <= 0 || n <= 0)
        {
            return;
        }

        if (k <= 0)
        {
            if (!accumulate)
            {
                for (var j = 0; j < n; j++)
                {
                    c.Slice(j * ldc, m).Clear();
                }
            }

            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            Dispatch(new Job(transposeA, transposeB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate), parallel);
        }
    }

    /// <summary>
    /// Whether <see cref="MultiplyPatches"/> runs for this convolution here: an unpadded one, on a CPU with the AVX-512
    /// kernel (the AVX2 kernel reads packed copies of B).
    /// </summary>
    public static bool ReadsPatches(ConvGeometry g) => Wide && !g.IsPadded;

    /// <summary>
    /// C (m×n) = A (m×k) · B, plus C when <paramref name="accumulate"/>, where B is columns [first, first + n) of the
    /// im2col matrix of <paramref name="input"/> (k = the patch size), read where the input holds them: bit for bit
    /// the product of <see cref="Im2Col.ExpandRange"/>'s columns with <see cref="Multiply"/> (the same sums in the same
    /// order; only the addresses differ), without writing the columns. Only where <see cref="ReadsPatches"/>.
    /// </summary>
    public static void MultiplyPatches(
        int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> input, PatchColumns patches, int first,
        Span<float> c, int ldc, bool accumulate = false, bool parallel = true)
    {
        if (!Wide || m <= 0 || n <= 0 || k <= 0 || a.Length < ((long)(k - 1) * lda) + m || c.Length < ((long)(n - 1) * ldc) + m
            || patches.Origin(first + n - 1) + (k - 1) + ((k - 1) / patches.Run * (long)patches.Gap) >= input.Length)
        {
            throw new ArgumentException("Patch product: no AVX-512, or the sizes do not fit the buffers.");
        }

        fixed (float* pa = a, pb = input, pc = c)
        {
            Dispatch(new Job(false, false, m, n, k, pa, lda, pb, 0, pc, ldc, accumulate) { Patches = patches, FirstColumn = first, ReadsPatches = true }, parallel);
        }
    }

    /// <summary>Runs the whole product on this thread, or its column panels across the cores when asked and large enough to repay it.</summary>
    private static void Dispatch(Job job, bool parallel)
    {
        var panels = (job.N + NR - 1) / NR;
        var threads = !parallel || (long)job.M * job.N * job.K * 2 < ParallelThresholdFlops ? 1 : Math.Min(Environment.ProcessorCount, panels);
        if (threads <= 1)
        {
            Run(job, 0, job.N);
            return;
        }

        RunParallel(job, threads, panels);
    }

    // Its own method: a lambda capturing the job in Dispatch would allocate its closure on every call,
    // even on the single-thread path.
    private static void RunParallel(Job job, int threads, int panels)
    {
        // Fixed partition of the column panels; each thread owns whole columns of C.
        var perThread = (panels + threads - 1) / threads;
        Parallel.For(0, threads, t =>
        {
            var start = t * perThread * NR;
            var end = Math.Min(job.N, (t + 1) * perThread * NR);
            if (start < end)
            {
                Run(job, start, end);
            }
        });
    }

    /// <summary>
    /// How many terms of k a one-thread product sums before adding the partial sum to C. Splitting k at multiples
    /// of it, with <c>accumulate</c> on the later parts, gives the same C bit for bit as one product.
    /// </summary>
    public static int SumBlock(bool transposeA, int m, int n, int lda)
    {
        var panels = (n + NR - 1) / NR;
        return KBlockFor(ReadsAInPlace(transposeA, m, lda, panels), panels);
    }

    // Few column panels and a streamed A (weight gradients: k = batch·positions): long k blocks, fewer passes over C.
    private static int KBlockFor(bool readsAInPlace, int panels) =>
        readsAInPlace && panels <= DirectPanelLimit ? LongKBlock : KBlock;

    // A non-transposed A whose rows fill whole micro-panels is read in place (column stride lda) when its
    // layout already is the packed one (lda = mr) or few column panels would reuse a packed copy.
    private static bool ReadsAInPlace(bool transposeA, int m, int lda, int panels) =>
        !transposeA && m % MR == 0 && (lda == MR || panels <= DirectPanelLimit);

    private static void Run(Job job, int columnStart, int columnEnd)
    {
        int mr = MR, nr = NR;
        var mPadded = (job.M + mr - 1) / mr * mr;
        var panels = (columnEnd - columnStart + nr - 1) / nr;

        var direct = ReadsAInPlace(job.TransposeA, job.M, job.Lda, panels);
        var kBlock = KBlockFor(direct, panels);
        // The AVX-512 kernel reads B in place (measured faster than packing on every product here: a B panel is
        // 8 columns × k ≤ 256, which stays in L1 across the row panels); the AVX2 kernel reads packed panels.
        var directB = Wide;
        // A packed A of at most PackedALimit floats is packed whole, once, and serves every column block.
        var packWhole = !direct && (long)mPadded * job.K <= PackedALimit;
        var packedA = direct ? [] : ArrayPool<float>.Shared.Rent((mPadded * (packWhole ? job.K : kBlock)) + CacheLines.Slack);
        // Read in place, B needs a packed copy only of a ragged edge panel.
        var packedB = ArrayPool<float>.Shared.Rent((directB ? nr : Math.Min(NBlock, panels * nr) + nr) * kBlock);
        // A B panel read in place: where each of its nr columns starts (an edge panel repeats its last column).
        var panelColumns = stackalloc float*[8];
        try
        {
            fixed (float* pooledA = packedA, pb = packedB)
            {
                // Packed panels from a cache line's boundary (the pool's arrays start anywhere): the micro-kernels load
                // them as 512-bit vectors.
                var pa = CacheLines.AlignUp(pooledA);
                for (var jc = columnStart; jc < columnEnd; jc += NBlock)
                {
                    var nc = Math.Min(NBlock, columnEnd - jc);
                    if (job.ReadsPatches && (direct || packWhole))
                    {
                        for (var pc = 0; !direct && jc == columnStart && pc < job.K; pc += kBlock)
                        {
                            PackA(job, pc, Math.Min(kBlock, job.K - pc), mr, pa + ((long)pc * mPadded));
                        }

                        PatchTiles(job, jc, nc, kBlock, direct ? null : pa, mPadded, panelColumns);
                        continue;
                    }

                    for (var pc = 0; pc < job.K; pc += kBlock)
                    {
                        var kc = Math.Min(kBlock, job.K - pc);
                        if (!directB)
                        {
                            PackB(job, pc, kc, jc, nc, nr, pb);
                        }

                        // This k block's panels: at pc·mPadded in a whole packed A, else in the one block's buffer, repacked
                        // for each column block unless there is a single k block.
                        var blockA = pa + (packWhole ? (long)pc * mPadded : 0);
                        if (!direct && (jc == columnStart || (!packWhole && kc != job.K)))
                        {
                            PackA(job, pc, kc, mr, blockA);
                        }

                        var add = job.Accumulate || pc > 0;
                        for (var jr = 0; jr < nc; jr += nr)
                        {
                            var cols = Math.Min(nr, nc - jr);
                            var column = jc + jr;
                            // A transposed B read in place would run past its rows at a ragged edge: pack that panel.
                            var edgePacked = directB && job.TransposeB && cols < nr;
                            if (edgePacked)
                            {
                                PackB(job, pc, kc, column, cols, nr, pb);
                            }

                            for (var j = 0; directB && !job.TransposeB && j < nr; j++)
                            {
                                var at = column + Math.Min(j, cols - 1);
                                panelColumns[j] = job.ReadsPatches ? job.B + job.Patches.Origin(job.FirstColumn + at) : job.B + ((long)at * job.Ldb);
                            }

                            for (var ir = 0; ir < job.M; ir += mr)
                            {
                                var rows = Math.Min(mr, job.M - ir);
                                var target = job.C + ((long)column * job.Ldc) + ir;
                                var a = direct ? job.A + ((long)pc * job.Lda) + ir : blockA + ((long)ir * kc);
                                var aStride = direct ? job.Lda : mr;
                                if (!Wide)
                                {
                                    Kernel256(kc, a, aStride, pb + ((long)jr * kc), target, job.Ldc, rows, cols, add);
                                }
                                else if (!directB || edgePacked)
                                {
                                    Kernel512(kc, a, aStride, pb + (directB ? 0 : (long)jr * kc), nr, target, job.Ldc, rows, cols, add);
                                }
                                else if (job.TransposeB)
                                {
                                    Kernel512(kc, a, aStride, job.B + ((long)pc * job.Ldb) + column, job.Ldb, target, job.Ldc, rows, cols, add);
                                }
                                else
                                {
                                    // An im2col matrix read in place jumps a gap after each kernel row's run; a plain B never does.
                                    var (run, gap) = job.ReadsPatches ? (job.Patches.Run, job.Patches.Gap) : (int.MaxValue, 0);
                                    Kernel512Columns(pc, kc, a, aStride, panelColumns, run, gap, target, job.Ldc, rows, cols, add);
                                }
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            if (!direct)
            {
                ArrayPool<float>.Shared.Return(packedA);
            }

            ArrayPool<float>.Shared.Return(packedB);
        }
    }

    // A patch product's column block with all of A at hand (packed whole, or read in place): each C tile takes its k
    // blocks one after another, so the first block's sums are still in L1 when the next one's are added to them. The
    // same kernel calls as Run's order (k blocks outer), so the same sums.
    private static void PatchTiles(Job job, int jc, int nc, int kBlock, float* packedA, int mPadded, float** panelColumns)
    {
        for (var jr = 0; jr < nc; jr += NR)
        {
            var cols = Math.Min(NR, nc - jr);
            for (var j = 0; j < NR; j++)
            {
                panelColumns[j] = job.B + job.Patches.Origin(job.FirstColumn + jc + jr + Math.Min(j, cols - 1));
            }

            for (var ir = 0; ir < job.M; ir += MR)
            {
                var rows = Math.Min(MR, job.M - ir);
                var target = job.C + ((long)(jc + jr) * job.Ldc) + ir;
                for (var pc = 0; pc < job.K; pc += kBlock)
                {
                    var kc = Math.Min(kBlock, job.K - pc);
                    var a = packedA == null ? job.A + ((long)pc * job.Lda) + ir : packedA + ((long)pc * mPadded) + ((long)ir * kc);
                    Kernel512Columns(pc, kc, a, packedA == null ? job.Lda : MR, panelColumns, job.Patches.Run, job.Patches.Gap, target, job.Ldc, rows, cols, job.Accumulate || pc > 0);
                }
            }
        }
    }

    // A block (all m rows × kc) packed as row panels of mr: panel-major, then k, then the mr rows.
    private static void PackA(Job job, int pc, int kc, int mr, float* dst)
    {
        for (var ir = 0; ir < job.M; ir += mr)
        {
            var rows = Math.Min(mr, job.M - ir);
            var panel = dst + ((long)ir * kc);
            if (job.TransposeA)
            {
                // Row r of op(A) is contiguous in memory: sixteen rows × sixteen terms transposed in registers, the rest
                // (a ragged panel, the last terms) one value at a time. The same values either way.
                var done = 0;
                if (rows == mr && BlockTranspose.Applies)
                {
                    for (; done + BlockTranspose.Side <= kc; done += BlockTranspose.Side)
                    {
                        for (var r = 0; r < mr; r += BlockTranspose.Side)
                        {
                            BlockTranspose.Block(job.A + pc + done + ((long)(ir + r) * job.Lda), job.Lda, panel + ((long)done * mr) + r, mr);
                        }
                    }
                }

                for (var r = 0; done < kc && r < rows; r++)
                {
                    var src = job.A + pc + ((long)(ir + r) * job.Lda);
                    var d = panel + r;
                    for (var p = done; p < kc; p++)
                    {
                        d[(long)p * mr] = src[p];
                    }
                }
            }

            if (!job.TransposeA && rows == mr && Wide)
            {
                // A whole panel's row of terms is two vectors: copied as such (a memmove call per 128 bytes cost
                // ~2% of the seed training's CPU: conv2's and conv3's weights are packed for every forward chunk).
                for (var p = 0; p < kc; p++)
                {
                    var source = job.A + ((long)(pc + p) * job.Lda) + ir;
                    var d = panel + ((long)p * mr);
                    Vector512.Store(Vector512.Load(source), d);
                    Vector512.Store(Vector512.Load(source + Vector512<float>.Count), d + Vector512<float>.Count);
                }

                continue;
            }

            for (var p = 0; p < kc; p++)
            {
                var d = panel + ((long)p * mr);
                if (!job.TransposeA)
                {
                    Unsafe.CopyBlockUnaligned(d, job.A + ((long)(pc + p) * job.Lda) + ir, (uint)(rows * sizeof(float)));
                }

                for (var r = rows; r < mr; r++)
                {
                    d[r] = 0f;
                }
            }
        }
    }

    // B block (kc × nc) packed as column panels of nr: panel-major, then k, then the nr columns.
    private static void PackB(Job job, int pc, int kc, int jc, int nc, int nr, float* dst)
    {
        for (var jr = 0; jr < nc; jr += nr)
        {
            var cols = Math.Min(nr, nc - jr);
            var panel = dst + ((long)jr * kc);
            if (!job.TransposeB)
            {
                for (var j = 0; j < cols; j++)
                {
                    var src = job.B + ((long)(jc + jr + j) * job.Ldb) + pc;
                    for (var p = 0; p < kc; p++)
                    {
                        panel[((long)p * nr) + j] = src[p];
                    }
                }
            }
            else
            {
                for (var p = 0; p < kc; p++)
                {
                    var src = job.B + ((long)(pc + p) * job.Ldb) + jc + jr;
                    var d = panel + ((long)p * nr);
                    for (var j = 0; j < cols; j++)
                    {
                        d[j] = src[j];
                    }
                }
            }

            if (cols < nr)
            {
                for (var p = 0; p < kc; p++)
                {
                    for (var j = cols; j < nr; j++)
                    {
                        panel[((long)p * nr) + j] = 0f;
                    }
                }
            }
        }
    }

    // B read as rows of nr contiguous values (a packed panel, or a transposed B in place): element (p, j) at b[p·bRow + j].
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(int kc, float* a, int aStride, float* b, long bRow, float* c, int ldc, int rows, int cols, bool add)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (var p = 0; p < kc; p++)
        {
            var a0 = Vector512.Load(a);
            var a1 = Vector512.Load(a + 16);
            c00 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b[0]), c00);
            c01 = Vector512.FusedMultiplyAdd(a1, Vector512.Create(b[0]), c01);
            c10 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b[1]), c10);
            c11 = Vector512.FusedMultiplyAdd(a1, Vector512.Create(b[1]), c11);
            c20 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b[2]), c20);
            c21 = Vector512.FusedMultiplyAdd(a1, Vector512.Create(b[2]), c21);
            c30 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b[3]), c30);
            c31 = Vector512.FusedMultiplyAdd(a1, Vector512.Create(b[3]), c31);
            c40 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b[4]), c40);
            c41 = Vector512.FusedMultiplyAdd(a1, Vector512.Create(b[4]), c41);
            c50 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b[5]), c50);
            c51 = Vector512.FusedMultiplyAdd(a1, Vector512.Create(b[5]), c51);
            c60 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b[6]), c60);
            c61 = Vector512.FusedMultiplyAdd(a1, Vector512.Create(b[6]), c61);
            c70 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b[7]), c70);
            c71 = Vector512.FusedMultiplyAdd(a1, Vector512.Create(b[7]), c71);
            a += aStride;
            b += bRow;
        }

        Store512(c, ldc, rows, cols, add, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71);
    }

    // B read in place as nr columns: element (p, j) at columns[j][p + (p / run)·gap], k in runs of contiguous values
    // (a non-transposed B: one run, no gap; an unexpanded im2col matrix: one run per kernel row). The runs only move
    // the addresses: each C element's chain over p is the same.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512Columns(int pc, int kc, float* a, int aStride, float** columns, int run, int gap, float* c, int ldc, int rows, int cols, bool add)
    {
        float* b0 = columns[0], b1 = columns[1], b2 = columns[2], b3 = columns[3], b4 = columns[4], b5 = columns[5], b6 = columns[6], b7 = columns[7];
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        var last = pc + kc;
        for (var p = pc; p < last;)
        {
            var row = p / run;
            var rowEnd = Math.Min(last, run - (p % run) + p);
            var shift = row * gap;
            for (int q = p + shift, end = rowEnd + shift; q < end; q++)
            {
                var a0 = Vector512.Load(a);
                var a1 = Vector512.Load(a + 16);
                c00 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b0[q]), c00);
                c01 = Vector512.FusedMultiplyAdd(a1, Vector512.Create(b0[q]), c01);
                c10 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b1[q]), c10);
                c11 = Vector512.FusedMultiplyAdd(a1, Vector512.Create(b1[q]), c11);
                c20 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b2[q]), c20);
                c21 = Vector512.FusedMultiplyAdd(a1, Vector512.Create(b2[q]), c21);
                c30 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b3[q]), c30);
                c31 = Vector512.FusedMultiplyAdd(a1, Vector512.Create(b3[q]), c31);
                c40 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b4[q]), c40);
                c41 = Vector512.FusedMultiplyAdd(a1, Vector512.Create(b4[q]), c41);
                c50 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b5[q]), c50);
                c51 = Vector512.FusedMultiplyAdd(a1, Vector512.Create(b5[q]), c51);
                c60 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b6[q]), c60);
                c61 = Vector512.FusedMultiplyAdd(a1, Vector512.Create(b6[q]), c61);
                c70 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b7[q]), c70);
                c71 = Vector512.FusedMultiplyAdd(a1, Vector512.Create(b7[q]), c71);
                a += aStride;
            }

            p = rowEnd;
        }

        Store512(c, ldc, rows, cols, add, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(
        float* c, int ldc, int rows, int cols, bool add,
        Vector512<float> c00, Vector512<float> c01, Vector512<float> c10, Vector512<float> c11,
        Vector512<float> c20, Vector512<float> c21, Vector512<float> c30, Vector512<float> c31,
        Vector512<float> c40, Vector512<float> c41, Vector512<float> c50, Vector512<float> c51,
        Vector512<float> c60, Vector512<float> c61, Vector512<float> c70, Vector512<float> c71)
    {
        if (rows == 32 && cols == 8)
        {
            StoreColumn512(c, ldc, 0, c00, c01, add);
            StoreColumn512(c, ldc, 1, c10, c11, add);
            StoreColumn512(c, ldc, 2, c20, c21, add);
            StoreColumn512(c, ldc, 3, c30, c31, add);
            StoreColumn512(c, ldc, 4, c40, c41, add);
            StoreColumn512(c, ldc, 5, c50, c51, add);
            StoreColumn512(c, ldc, 6, c60, c61, add);
            StoreColumn512(c, ldc, 7, c70, c71, add);
            return;
        }

        var tile = stackalloc float[32 * 8];
        c00.Store(tile); c01.Store(tile + 16); c10.Store(tile + 32); c11.Store(tile + 48);
        c20.Store(tile + 64); c21.Store(tile + 80); c30.Store(tile + 96); c31.Store(tile + 112);
        c40.Store(tile + 128); c41.Store(tile + 144); c50.Store(tile + 160); c51.Store(tile + 176);
        c60.Store(tile + 192); c61.Store(tile + 208); c70.Store(tile + 224); c71.Store(tile + 240);
        StoreTile(tile, 32, c, ldc, rows, cols, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256(int kc, float* a, int aStride, float* b, float* c, int ldc, int rows, int cols, bool add)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < kc; p++)
        {
            var a0 = Vector256.Load(a);
            var a1 = Vector256.Load(a + 8);
            c00 = Vector256.FusedMultiplyAdd(a0, Vector256.Create(b[0]), c00);
            c01 = Vector256.FusedMultiplyAdd(a1, Vector256.Create(b[0]), c01);
            c10 = Vector256.FusedMultiplyAdd(a0, Vector256.Create(b[1]), c10);
            c11 = Vector256.FusedMultiplyAdd(a1, Vector256.Create(b[1]), c11);
            c20 = Vector256.FusedMultiplyAdd(a0, Vector256.Create(b[2]), c20);
            c21 = Vector256.FusedMultiplyAdd(a1, Vector256.Create(b[2]), c21);
            c30 = Vector256.FusedMultiplyAdd(a0, Vector256.Create(b[3]), c30);
            c31 = Vector256.FusedMultiplyAdd(a1, Vector256.Create(b[3]), c31);
            c40 = Vector256.FusedMultiplyAdd(a0, Vector256.Create(b[4]), c40);
            c41 = Vector256.FusedMultiplyAdd(a1, Vector256.Create(b[4]), c41);
            c50 = Vector256.FusedMultiplyAdd(a0, Vector256.Create(b[5]), c50);
            c51 = Vector256.FusedMultiplyAdd(a1, Vector256.Create(b[5]), c51);
            a += aStride;
            b += 6;
        }

        var tile = stackalloc float[16 * 6];
        c00.Store(tile); c01.Store(tile + 8); c10.Store(tile + 16); c11.Store(tile + 24);
        c20.Store(tile + 32); c21.Store(tile + 40); c30.Store(tile + 48); c31.Store(tile + 56);
        c40.Store(tile + 64); c41.Store(tile + 72); c50.Store(tile + 80); c51.Store(tile + 88);
        StoreTile(tile, 16, c, ldc, rows, cols, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreColumn512(float* c, int ldc, int column, Vector512<float> top, Vector512<float> bottom, bool add)
    {
        var target = c + ((long)column * ldc);
        if (add)
        {
            top += Vector512.Load(target);
            bottom += Vector512.Load(target + 16);
        }

        top.Store(target);
        bottom.Store(target + 16);
    }

    private static void StoreTile(float* tile, int mr, float* c, int ldc, int rows, int cols, bool add)
    {
        for (var j = 0; j < cols; j++)
        {
            var src = tile + (j * mr);
            var dst = c + ((long)j * ldc);
            if (add)
            {
                for (var r = 0; r < rows; r++)
                {
                    dst[r] += src[r];
                }
            }
            else
            {
                Unsafe.CopyBlockUnaligned(dst, src, (uint)(rows * sizeof(float)));
            }
        }
    }

    private readonly struct Job(
        bool transposeA, bool transposeB, int m, int n, int k,
        float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate)
    {
        public readonly bool TransposeA = transposeA;
        public readonly bool TransposeB = transposeB;
        public readonly int M = m;
        public readonly int N = n;
        public readonly int K = k;
        public readonly float* A = a;
        public readonly int Lda = lda;
        public readonly float* B = b;
        public readonly int Ldb = ldb;
        public readonly float* C = c;
        public readonly int Ldc = ldc;
        public readonly bool Accumulate = accumulate;

        /// <summary>B is the unexpanded im2col matrix of the input at B, from column <see cref="FirstColumn"/>.</summary>
        public bool ReadsPatches { get; init; }

        public PatchColumns Patches { get; init; }

        public int FirstColumn { get; init; }
    }
}
