package io.lrp4j.testkit;

/**
 * How many cases each property tries and from which seed: {@code -Dlrp4j.testkit.examples=N} and
 * {@code -Dlrp4j.testkit.seed=S} override the defaults (100 cases, a fixed seed, so builds are reproducible).
 */
final class Settings {
    static final long DEFAULT_SEED = 20261126L;
    static final int DEFAULT_EXAMPLES = 100;
    /** Enough to reach a small layer; QuickTheories' own default spends minutes on ND4J arrays. */
    static final int SHRINK_CYCLES = 200;

    private Settings() {
    }

    static long seed() {
        return Long.getLong("lrp4j.testkit.seed", DEFAULT_SEED);
    }

    static int examples() {
        return Integer.getInteger("lrp4j.testkit.examples", DEFAULT_EXAMPLES);
    }

    /** Checks a property over generated values; a failure names the seed that reproduces it. */
    static <T> void check(org.quicktheories.core.Gen<T> values, java.util.function.Consumer<T> property) {
        long seed = seed();
        try {
            org.quicktheories.QuickTheory.qt().withFixedSeed(seed).withExamples(examples()).withShrinkCycles(SHRINK_CYCLES)
                    .forAll(values)
                    .checkAssert(property);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nReproduce with -Dlrp4j.testkit.seed=" + seed
                    + " -Dlrp4j.testkit.examples=" + examples(), e);
        }
    }
}
