package io.lrp4j.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Explains more rows than one call should hold: in blocks of a fixed number of rows, several blocks at once on
 * threads of its own, handing each block's relevance on in row order. At most {@code threads + 1} blocks are in
 * memory at a time, so memory stays bounded however many rows there are.
 *
 * <p>Threads help because one block of a small network keeps ND4J's own threads busy only part of the time. Each
 * worker runs its block's operations on one OpenMP thread, whatever {@code OMP_NUM_THREADS} says: workers that each
 * start OpenMP teams as wide as the machine only make their threads wait for each other, and with one thread per
 * worker the result is the same, bit for bit, for any number of workers. On the 2-core reference machine the demo's
 * CNN with {@code epsilon-plus} in blocks of 64 explains about 3,100 rows/s on one thread with one OpenMP thread,
 * 1,900 with two, and 4,000 to 5,900 rows/s on two workers (bench/README.md). Use {@link #AUTO} (a worker per core)
 * to use every core.
 */
public final class BlockExplainer {
    /** Pass as the number of threads to use one per available core. */
    public static final int AUTO = 0;

    private final Explainer explainer;
    private final int blockSize;
    private final int threads;

    /**
     * @param explainer the explainer; it is safe to share between threads
     * @param blockSize rows per block, at least 1
     * @param threads blocks explained at once, at least 1, or {@link #AUTO} for one per available core
     * @throws ExplainException for a block size or thread count below the minimum
     */
    public BlockExplainer(Explainer explainer, int blockSize, int threads) {
        if (blockSize < 1) {
            throw new ExplainException("the block size must be at least 1 row, got " + blockSize);
        }
        if (threads < 0) {
            throw new ExplainException("the number of threads must be at least 1 (or 0 for one per core), got "
                    + threads);
        }
        this.explainer = explainer;
        this.blockSize = blockSize;
        this.threads = threads == AUTO ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /** The number of blocks explained at once. */
    public int threads() {
        return threads;
    }

    /** Where blocks of rows come from. */
    @FunctionalInterface
    public interface Source {
        /** Rows {@code [from, from + rows)}, batch first. */
        INDArray read(long from, int rows);
    }

    /** Where blocks of a model's several inputs come from. */
    @FunctionalInterface
    public interface Sources {
        /** Rows {@code [from, from + rows)} of every input, batch first, in the model's input order. */
        List<INDArray> read(long from, int rows);
    }

    /** Where each block's relevance goes, in row order and on the calling thread. */
    @FunctionalInterface
    public interface Sink {
        /**
         * The relevance of rows {@code [from, from + relevance.size(0))}. Its memory is freed when this returns, so
         * that at most {@code threads + 1} blocks are ever held: copy what you keep.
         */
        void accept(long from, INDArray relevance);
    }

    /** Where each block's whole explanation goes, in row order and on the calling thread. */
    @FunctionalInterface
    public interface ExplanationSink {
        /**
         * The explanation of rows {@code [from, from + e.relevance().size(0))}: relevance, scores, targets and
         * what each stage absorbed. Its memory is freed when this returns: copy what you keep.
         */
        void accept(long from, Explanation e);
    }

    /**
     * Explains {@code rows} rows read from {@code source} block by block and hands each block's relevance to
     * {@code sink}, in row order.
     *
     * @throws ExplainException as {@link Explainer#explain(INDArray, Target)} does, for the first block that fails
     */
    public void explain(long rows, Source source, Target target, Sink sink) {
        explainEach(rows, source, target, (from, e) -> sink.accept(from, e.relevance()));
    }

    /**
     * Explains {@code rows} rows read from {@code source} block by block and hands each block's explanation to
     * {@code sink}, in row order.
     *
     * @throws ExplainException as {@link Explainer#explain(INDArray, Target)} does, for the first block that fails
     */
    public void explainEach(long rows, Source source, Target target, ExplanationSink sink) {
        explainEach(rows, source, null, target, sink);
    }

    /**
     * As {@link #explainEach(long, Source, Target, ExplanationSink)}, each block of sequences under its rows of a
     * feature mask ({@link Explainer#explain(INDArray, INDArray, Target, boolean)}).
     *
     * @param masks the feature mask's rows {@code [n, T]} for each block, or null for none
     */
    public void explainEach(long rows, Source source, Source masks, Target target, ExplanationSink sink) {
        explainBlocks(rows, (from, n) -> {
            INDArray block = source.read(from, n);
            INDArray mask = masks == null ? null : masks.read(from, n);
            return () -> explainer.explain(block, mask, target, false);
        }, sink);
    }

    /**
     * As {@link #explainEach(long, Source, Target, ExplanationSink)} for a graph with several inputs: each block's
     * explanation has one relevance array per input ({@link Explanation#inputRelevance()}).
     *
     * @param sources every input's rows of a block, in the model's input order
     */
    public void explainEachOfSeveral(long rows, Sources sources, Target target, ExplanationSink sink) {
        explainBlocks(rows, (from, n) -> {
            List<INDArray> blocks = sources.read(from, n);
            return () -> explainer.explain(blocks, target, false);
        }, sink);
    }

    /** One block's work: its rows read on the calling thread, its explanation made on a worker. */
    @FunctionalInterface
    private interface Block {
        Callable<Explanation> read(long from, int rows);
    }

    private void explainBlocks(long rows, Block block, ExplanationSink sink) {
        int parallel = (int) Math.max(1, Math.min(threads, (rows + blockSize - 1) / blockSize));
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            // A worker's reusable arrays go when it does, not whenever the garbage collector finds them.
            Thread t = new Thread(() -> {
                try {
                    OpenMpThreads.limitThisThread(1);
                    r.run();
                } finally {
                    Explainer.releaseReusableArrays();
                }
            }, "lrp4j-block");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Future<Explanation>> pending = new ArrayDeque<>();
            Deque<Long> starts = new ArrayDeque<>();
            for (long from = 0; from < rows || !pending.isEmpty(); ) {
                if (from < rows && pending.size() < parallel) {
                    int n = (int) Math.min(blockSize, rows - from);
                    pending.add(pool.submit(block.read(from, n)));
                    starts.add(from);
                    from += n;
                    continue;
                }
                try (Explanation done = await(pending.poll())) {
                    sink.accept(starts.poll(), done);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Explains every row of an input held in memory, block by block.
     *
     * @return the relevance of every row, in the input's shape
     */
    public INDArray explain(INDArray input, Target target) {
        if (input == null || input.rank() < 2 || input.size(0) == 0) {
            return explainer.explain(input, target).relevance();
        }
        INDArray[] result = new INDArray[1];
        explain(input.size(0), (from, n) -> input.get(NDArrayIndex.interval(from, from + n)), target,
                (from, relevance) -> {
                    if (result[0] == null) {
                        long[] shape = relevance.shape().clone();
                        shape[0] = input.size(0);
                        result[0] = Nd4j.create(relevance.dataType(), shape);
                    }
                    result[0].get(NDArrayIndex.interval(from, from + relevance.size(0))).assign(relevance);
                });
        return result[0];
    }

    private static Explanation await(Future<Explanation> block) {
        try {
            return block.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new ExplainException(e.getCause().toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExplainException("interrupted while explaining blocks", e);
        }
    }
}
