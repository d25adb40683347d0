package io.lrp4j.bench;

import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.registry.RuleRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks and prints Markdown tables: time per batch with its ratio to {@code net.output}, peak memory
 * per explained batch, and rows per second by batch size.
 *
 * <p>{@code BenchMain time [workload ...]}, {@code BenchMain memory}, {@code BenchMain throughput [blocks]}.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "time" : args[0];
        switch (mode) {
            case "time" -> time(args.length > 1 ? List.of(args).subList(1, args.length) : List.of());
            case "memory" -> memory();
            case "memory-case" -> memoryCase(args[1], args[2]);
            case "throughput" -> throughput(args.length > 1 && args[1].equals("blocks"));
            default -> throw new IllegalArgumentException("modes: time, memory, throughput");
        }
    }

    static void time(List<String> workloads) throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder().include(ExplainBenchmark.class.getSimpleName())
                .forks(0).warmupIterations(2).warmupTime(TimeValue.seconds(2)).measurementIterations(5)
                .measurementTime(TimeValue.seconds(2));
        if (!workloads.isEmpty()) {
            options.param("load", workloads.toArray(String[]::new));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Map<String, double[]>> table = new LinkedHashMap<>();
        for (RunResult r : results) {
            String workload = r.getParams().getParam("load");
            String method = r.getParams().getParam("method");
            org.openjdk.jmh.util.Statistics calls = r.getPrimaryResult().getStatistics();
            table.computeIfAbsent(workload, k -> new LinkedHashMap<>()).put(method, new double[] {
                calls.getPercentile(50), calls.getPercentile(25), calls.getPercentile(75), calls.getN()});
        }
        System.out.println();
        System.out.println("| model:batch | method | calls | median ms per batch | p25 to p75 ms | ratio of medians"
                + " to net.output |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: |");
        for (var w : table.entrySet()) {
            double output = w.getValue().get("OUTPUT")[0];
            for (var m : w.getValue().entrySet()) {
                double[] v = m.getValue();
                System.out.printf("| %s | %s | %d | %.2f | %.2f to %.2f | %.2f |%n", w.getKey(),
                        BenchMethod.valueOf(m.getKey()).label(), (long) v[3], v[0], v[1], v[2], v[0] / output);
            }
        }
    }

    /**
     * Runs every memory case in a JVM of its own, so that no case inherits memory another freed. glibc's mmap
     * threshold is fixed low, so every large array is mapped on allocation and unmapped when freed, and the
     * process's resident high-water mark is the peak of what was live. The Java heap is fixed and touched in full
     * when the JVM starts, so the heap's growth (reported on its own) does not show up as native memory: with a
     * growing heap, the pages a young generation first touched during the calls were counted as the calls' peak.
     */
    static void memory() throws Exception {
        System.out.println("| model:batch | method | one-row warm-up MB | cached weights MB | peak heap MB"
                + " | peak native MB | kept after the calls MB | recorded activations MB"
                + " | largest activation MB | extra, in largest activations |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        for (String workload : List.of("fashion-cnn:64", "mlp:256", "vgg16:1", "vgg16:4")) {
            for (BenchMethod m : BenchMethod.values()) {
                ProcessBuilder pb = new ProcessBuilder(java, "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-cp", cp,
                        BenchMain.class.getName(), "memory-case", workload, m.name());
                pb.environment().put("MALLOC_MMAP_THRESHOLD_", "65536");
                pb.redirectError(ProcessBuilder.Redirect.INHERIT);
                Process p = pb.start();
                String row = new String(p.getInputStream().readAllBytes()).trim();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("memory case " + workload + " " + m + " failed");
                }
                System.out.println(row);
            }
        }
    }

    /** Full batches a memory case runs before it measures, so that the JIT compiler has settled. */
    private static final int WARM_CALLS = 3;

    /**
     * One memory case: the model and input are built, one row and then {@value #WARM_CALLS} full batches warm up,
     * then two calls run; the peaks are above the level before those two, so they include whatever the calls keep.
     */
    static void memoryCase(String workload, String methodName) throws Exception {
        String[] parts = workload.split(":");
        BenchModels.Model model = BenchModels.byName(parts[0]);
        MultiLayerNetwork net = model.net();
        INDArray x = model.input(Integer.parseInt(parts[1]));
        BenchMethod m = BenchMethod.valueOf(methodName);
        Explainer e = m.explainer(net, RuleRegistry.scan());
        Runnable call = e == null ? () -> net.output(x, false) : () -> e.explain(x);
        // One row first: what a process or an explainer sets up once (BLAS thread buffers, compiled code, the modified
        // weights an explainer caches) is not what one batch costs. The cached weights are reported on their own.
        INDArray one = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)).dup();
        long beforeWarmUp = status("VmRSS");
        if (e == null) {
            net.output(one, false);
        } else {
            e.explain(one);
        }
        long warmUp = status("VmRSS") - beforeWarmUp;
        // Then full batches until the JIT compiler has settled: its compilations take native memory too, and a third
        // call could otherwise add 16 MB that is the JVM's, not the explanation's.
        for (int i = 0; i < WARM_CALLS; i++) {
            call.run();
        }
        System.gc();
        long heap0 = heapUsed();
        List<java.lang.management.MemoryPoolMXBean> pools = heapPools();
        pools.forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
        resetResidentPeak();
        long resident0 = status("VmRSS");
        call.run();
        call.run();
        long heapPeak = pools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() - heap0;
        long nativePeak = status("VmHWM") - resident0;
        long retained = status("VmRSS") - resident0;
        // What an explanation records is every stage's input, which the kept layer relevances have the shapes of,
        // and the scores.
        var explanation = BenchMethod.GRADIENT.explainer(net, RuleRegistry.scan()).explain(x,
                io.lrp4j.engine.Target.argmax(), true);
        long[] recorded = java.util.stream.Stream.concat(explanation.stages().stream().map(r -> r.relevance()),
                java.util.stream.Stream.of(explanation.scores())).mapToLong(INDArray::length).toArray();
        long activations = java.util.Arrays.stream(recorded).sum() * 4;
        long largest = java.util.Arrays.stream(recorded).max().orElse(0) * 4;
        long cached = e == null ? 0 : e.cachedBytes();
        System.out.printf("| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %s |%n", workload, m.label(),
                warmUp / 1e6, cached / 1e6, heapPeak / 1e6, nativePeak / 1e6, retained / 1e6, activations / 1e6,
                largest / 1e6, e == null ? "-" : String.format("%.1f", (nativePeak - activations) / (double) largest));
    }

    private static List<java.lang.management.MemoryPoolMXBean> heapPools() {
        return java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP).toList();
    }

    private static long heapUsed() {
        return heapPools().stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    /** Linux resets the resident high-water mark (VmHWM) when 5 is written to clear_refs. */
    private static void resetResidentPeak() throws java.io.IOException {
        java.nio.file.Files.writeString(java.nio.file.Path.of("/proc/self/clear_refs"), "5");
    }

    /** A size from /proc/self/status, in bytes. */
    private static long status(String key) throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no " + key + " in /proc/self/status");
    }

    /**
     * Rows per second by batch size. With {@code blocks}, blocks of that size run on one thread per core through
     * {@link io.lrp4j.engine.BlockExplainer}, as {@code ./lrp explain} does; without, one call explains one batch.
     */
    static void throughput(boolean blocks) throws Exception {
        BenchModels.Model model = BenchModels.byName("fashion-cnn");
        Explainer e = BenchMethod.EPSILON_PLUS.explainer(model.net(), RuleRegistry.scan());
        String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "all");
        String mode = blocks ? "blocks on " + Runtime.getRuntime().availableProcessors() + " threads, OMP " + threads
                : "one call per batch, OMP " + threads;
        List<String> rows = new ArrayList<>();
        for (int batch : new int[] {1, 8, 32, 64}) {
            int calls = Math.max(20, 2000 / batch);
            INDArray x = model.input(blocks ? calls * batch : batch);
            io.lrp4j.engine.BlockExplainer blocked = new io.lrp4j.engine.BlockExplainer(e, batch,
                    io.lrp4j.engine.BlockExplainer.AUTO);
            Runnable run = blocks ? () -> blocked.explain(x, io.lrp4j.engine.Target.argmax()) : () -> {
                for (int i = 0; i < calls; i++) {
                    e.explain(x);
                }
            };
            run.run();
            long start = System.nanoTime();
            run.run();
            double seconds = (System.nanoTime() - start) / 1e9;
            rows.add(String.format("| %s | %d | %.0f |", mode, batch, calls * batch / seconds));
        }
        System.out.println("| how | batch | rows/s (fashion-cnn, epsilon-plus) |");
        System.out.println("| --- | ---: | ---: |");
        rows.forEach(System.out::println);
    }
}
