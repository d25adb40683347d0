package io.lrp4j.testkit;

/**
 * What the contracts tried, printed one line per rule and property on standard output (Surefire keeps it in the
 * test's report), e.g. {@code lrp4j testkit: z+ shape: dense 100 (float32 52, float64 48), conv 100 (...), ...}.
 */
final class Report {
    private Report() {
    }

    static void cases(String rule, String property, String counts) {
        System.out.println("lrp4j testkit: " + rule + " " + property + ": " + counts);
    }
}
