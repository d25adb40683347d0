package io.lrp4j.engine.network;

import java.util.function.Supplier;

/**
 * How large one band of a banded convolution may be while an explanation runs: a quarter of the largest activation
 * the explanation has recorded, but never below {@link #LEAST} elements nor above the map's own budget. The explainer
 * records its activations once the forward pass is done and, from its second call on, before the forward pass too,
 * from the size per row that the call before found.
 *
 * <p>A fixed size missed the memory bound on small batches: 16 MB bands on VGG-16 at batch 1, whose largest activation
 * is 12.8 MB, were the largest temporaries of the whole pass. Tying the bands to the explanation's largest activation,
 * not to the layer's own size, keeps small layers in few bands: they run while the large activations are held anyway.
 * The floor keeps tiny batches in one band, where a band's fixed cost would outweigh the memory it saves. A quarter,
 * not the half of the tenth session: gamma's and alpha-beta's products on the Fashion-MNIST CNN at batch 64 ran their
 * bands while the layer's z, its relevance and the product itself were all held, and peaked at one largest
 * activation; with bands of whole images (see ConvolutionMap) the smaller bands cost no time there.
 */
public final class BandBudget {
    /** The fewest elements a band may hold: 1 MB of floats. */
    static final long LEAST = 1L << 18;
    /** Elements of the running explanation's largest activation so far; 0 when no explanation runs. */
    private static final ThreadLocal<long[]> LARGEST = ThreadLocal.withInitial(() -> new long[1]);

    private BandBudget() {
    }

    /**
     * Runs an explanation whose bands are sized from its activations, once {@link #record} has reported them.
     * Nested runs keep their own sizes.
     */
    public static <T> T during(Supplier<T> explanation) {
        long[] largest = LARGEST.get();
        long outer = largest[0];
        largest[0] = 0;
        try {
            return explanation.get();
        } finally {
            largest[0] = outer;
        }
    }

    /** Reports an activation of the running explanation, such as its largest. */
    public static void record(long elements) {
        long[] largest = LARGEST.get();
        largest[0] = Math.max(largest[0], elements);
    }

    /**
     * Whether an array of {@code elements} would be larger than the running explanation's largest activation; false
     * outside an explanation.
     */
    static boolean exceedsLargest(long elements) {
        long largest = LARGEST.get()[0];
        return largest != 0 && elements > largest;
    }

    /** The most elements one band may hold, given the map's own budget. */
    static long elements(long mapBudget) {
        long largest = LARGEST.get()[0];
        return largest == 0 ? mapBudget : Math.min(mapBudget, Math.max(LEAST, largest / 4));
    }
}
