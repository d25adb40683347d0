package io.lrp4j.bench;

import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.registry.RuleRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Runs the benchmarks and prints Markdown tables: time per batch with its ratio to {@code net.output} (paired
 * rounds of JMH runs, {@link #time}), peak memory per explained batch, and rows per second by batch size.
 *
 * <p>{@code BenchMain time [workload ...]}, {@code BenchMain memory}, {@code BenchMain throughput [blocks]},
 * {@code BenchMain peer [workload ...]} ({@link PeerComparison}), {@code BenchMain peer-end-to-end}
 * ({@link PeerEndToEnd}).
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "time" : args[0];
        switch (mode) {
            case "time" -> time(args.length > 1 ? List.of(args).subList(1, args.length) : List.of());
            case "memory" -> memory(args.length > 1 ? List.of(args).subList(1, args.length) : List.of());
            case "memory-case" -> memoryCase(args[1], args[2]);
            case "throughput" -> throughput(args.length > 1 && args[1].equals("blocks"));
            case "peer" -> PeerComparison.run(args.length > 1 ? List.of(args).subList(1, args.length) : List.of());
            case "peer-end-to-end" -> PeerEndToEnd.run();
            default -> throw new IllegalArgumentException("modes: time, memory, throughput, peer, peer-end-to-end");
        }
    }

    /**
     * Times every method against {@code net.output} in paired rounds. A round times {@code net.output}, then a
     * method, then {@code net.output} again, and so on through the methods, each block a short JMH run of its own
     * (sample mode, one measured iteration) in this JVM. A method's ratio in a round is its median call over the
     * geometric mean of the two {@code net.output} medians around it, so the yardstick is never more than one block
     * away; the table reports the median of the rounds' ratios and their range. Round 0 warms everything up and is
     * not reported. Without workloads, every one {@link ExplainBenchmark#load} lists.
     *
     * <p>Before, JMH timed all of {@code net.output}'s iterations, then all of each method's in turn, and the
     * machine's drift between them went into the ratios: the same build gave a ratio of 1.51 in one session and 2.61
     * in the next, with the method's own time nearly unchanged and {@code net.output}'s down by 40%.
     */
    static void time(List<String> workloads) throws Exception {
        List<String> loads = workloads.isEmpty()
                ? List.of(ExplainBenchmark.class.getField("load").getAnnotation(Param.class).value())
                : workloads;
        List<BenchMethod> methods = List.of(BenchMethod.values()).subList(1, BenchMethod.values().length);
        System.out.println("| model:batch | method | rounds | calls | median ms per batch | ratio to net.output,"
                + " median of rounds | lowest to highest round |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        for (String load : loads) {
            // A VGG-16 call takes seconds: a block is one or two calls, and after round 0 nothing is cold.
            boolean slow = load.startsWith("vgg16") || load.startsWith("resnet50");
            int rounds = slow ? 3 : 5;
            Map<BenchMethod, ListStatistics> medians = new EnumMap<>(BenchMethod.class);
            Map<BenchMethod, ListStatistics> ratios = new EnumMap<>(BenchMethod.class);
            Map<BenchMethod, Long> calls = new EnumMap<>(BenchMethod.class);
            for (int round = 0; round <= rounds; round++) {
                boolean warm = round == 0 || !slow;
                boolean kept = round > 0;
                Block before = block(load, BenchMethod.OUTPUT, warm);
                if (kept) {
                    before.addTo(BenchMethod.OUTPUT, medians, calls);
                }
                for (BenchMethod m : methods) {
                    Block mine = block(load, m, warm);
                    Block after = block(load, BenchMethod.OUTPUT, warm);
                    if (kept) {
                        mine.addTo(m, medians, calls);
                        after.addTo(BenchMethod.OUTPUT, medians, calls);
                        ratios.computeIfAbsent(m, k -> new ListStatistics())
                                .addValue(mine.median() / Math.sqrt(before.median() * after.median()));
                    }
                    before = after;
                }
                System.err.printf("time: %s round %d of %d done%n", load, round, rounds);
            }
            for (BenchMethod m : BenchMethod.values()) {
                String row = String.format("| %s | %s | %d | %d | %.2f |", load, m.label(), rounds, calls.get(m),
                        medians.get(m).getPercentile(50));
                ListStatistics r = ratios.get(m);
                System.out.println(r == null ? row + " 1.00 | - |" : row + String.format(" %.2f | %.2f to %.2f |",
                        r.getPercentile(50), r.getMin(), r.getMax()));
            }
        }
    }

    /** One block's median call in ms and its number of calls. */
    record Block(double median, long calls) {
        void addTo(BenchMethod m, Map<BenchMethod, ListStatistics> medians, Map<BenchMethod, Long> calls) {
            medians.computeIfAbsent(m, k -> new ListStatistics()).addValue(median);
            calls.merge(m, this.calls, Long::sum);
        }
    }

    /**
     * One block: a JMH run of one method on one workload, one measured iteration of at least 2 s (at least one
     * call), after a 1 s warm-up iteration when {@code warm}.
     */
    static Block block(String load, BenchMethod m, boolean warm) throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder().include(ExplainBenchmark.class.getName() + ".run")
                .param("load", load).param("method", m.name()).forks(0)
                .warmupIterations(warm ? 1 : 0).warmupTime(TimeValue.seconds(1))
                .measurementIterations(1).measurementTime(TimeValue.seconds(2))
                .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT);
        org.openjdk.jmh.util.Statistics calls = new Runner(options.build()).runSingle().getPrimaryResult()
                .getStatistics();
        return new Block(calls.getPercentile(50), calls.getN());
    }

    /**
     * Runs every memory case in a JVM of its own, so that no case inherits memory another freed. glibc's mmap
     * threshold is fixed low, so every large array is mapped on allocation and unmapped when freed, and the
     * process's resident high-water mark is the peak of what was live. The Java heap is fixed and touched in full
     * when the JVM starts, so the heap's growth (reported on its own) does not show up as native memory: with a
     * growing heap, the pages a young generation first touched during the calls were counted as the calls' peak.
     */
    static void memory(List<String> workloads) throws Exception {
        System.out.println("| model:batch | method | one-row warm-up MB | cached weights MB | peak heap MB"
                + " | peak native MB | kept after the calls MB | of which kept for reuse MB | recorded activations MB"
                + " | largest activation MB | extra, in largest activations |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        java.nio.file.Path counter = mallocCounter();
        for (String workload : workloads.isEmpty() ? List.of("fashion-cnn:64", "mlp:256", "vgg16:1", "vgg16:4",
                "resnet50:1", "resnet50:4") : workloads) {
            for (BenchMethod m : BenchMethod.values()) {
                ProcessBuilder pb = new ProcessBuilder(java, "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-cp", cp,
                        BenchMain.class.getName(), "memory-case", workload, m.name());
                pb.environment().put("MALLOC_MMAP_THRESHOLD_", "65536");
                if (counter != null) {
                    pb.environment().put("LD_PRELOAD", counter.toString());
                }
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

    /**
     * Builds {@code malloc-peak.c} with gcc into a temporary library, or returns null, after saying so, when that
     * fails: the memory table then falls back to the resident set, which the JVM's own allocations make noisy.
     */
    private static java.nio.file.Path mallocCounter() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("lrp4j-malloc-peak");
        java.nio.file.Path source = dir.resolve("malloc-peak.c");
        java.nio.file.Path library = dir.resolve("libmalloc-peak.so");
        // Deleted on exit in the reverse order: the files, then their directory.
        for (java.nio.file.Path p : List.of(dir, source, library)) {
            p.toFile().deleteOnExit();
        }
        try (var in = BenchMain.class.getResourceAsStream("malloc-peak.c")) {
            java.nio.file.Files.copy(in, source);
        }
        Process gcc = new ProcessBuilder("gcc", "-O2", "-shared", "-fPIC", "-o", library.toString(), source.toString())
                .redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes());
        if (gcc.waitFor() != 0) {
            System.err.println("memory: gcc could not build the malloc counter, so peaks are resident-set peaks: "
                    + output.trim());
            return null;
        }
        return library;
    }

    /** Full batches a memory case runs before it measures, so that the JIT compiler has settled. */
    private static final int WARM_CALLS = 3;

    /**
     * One memory case: the model and input are built, one row and then {@value #WARM_CALLS} full batches warm up,
     * then {@value #ROUNDS} rounds of two calls run; each round's peaks are above the level before its two calls, so
     * they include whatever the first call keeps, and the round of the lowest native peak is reported.
     */
    static void memoryCase(String workload, String methodName) throws Exception {
        String[] parts = workload.split(":");
        BenchModels.Model model = BenchModels.byName(parts[0]);
        org.deeplearning4j.nn.api.Model net = model.net();
        INDArray x = model.input(Integer.parseInt(parts[1]));
        BenchMethod m = BenchMethod.valueOf(methodName);
        Explainer e = m.explainer(net, RuleRegistry.scan());
        // Each explanation is freed once made, as a caller explaining batch after batch frees it (BlockExplainer does):
        // the last call's relevance map is not this call's memory. Left to the garbage collector, the first call's
        // result sat under the second call's peak, a largest activation's worth on the MLP.
        Runnable call = e == null ? () -> model.output(x) : () -> e.explain(x).close();
        // One row first: what a process or an explainer sets up once (BLAS thread buffers, compiled code, the modified
        // weights an explainer caches) is not what one batch costs. The cached weights are reported on their own.
        INDArray one = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)).dup();
        long beforeWarmUp = status("VmRSS");
        if (e == null) {
            model.output(one);
        } else {
            e.explain(one);
        }
        long warmUp = status("VmRSS") - beforeWarmUp;
        // Then full batches until the JIT compiler has settled: its compilations take native memory too, and a third
        // call could otherwise add 16 MB that is the JVM's, not the explanation's.
        for (int i = 0; i < WARM_CALLS; i++) {
            call.run();
        }
        // The lowest of a few rounds: the counter sees every malloc of the process, and a compilation the JIT
        // compiler still starts now and then takes several MB of arenas in the middle of a round (MLP gradient:
        // 19.9 MB in one run, 11.0 in the next).
        Round best = null;
        for (int i = 0; i < ROUNDS; i++) {
            Round r = measureRound(call);
            System.err.printf("round %d: peak %.2f MB, kept after %.2f MB%n", i + 1, r.nativePeak() / 1e6,
                    r.retained() / 1e6);
            best = best == null || r.nativePeak() < best.nativePeak() ? r : best;
        }
        System.err.printf("resident peak %.1f MB, malloc peak %s%n", best.residentPeak() / 1e6,
                best.malloc() ? String.format("%.1f MB", best.nativePeak() / 1e6) : "-");
        long heapPeak = best.heapPeak();
        long nativePeak = best.nativePeak();
        long retained = best.retained();
        long kept = Explainer.releaseReusableArrays();
        // What an explanation records: the arrays the engine held for the backward pass (every stage output that is
        // an array of its own, once), the input and the scores. The largest is the largest stage input, which the
        // kept layer relevances have the shapes of. (Until the nineteenth session the recorded activations were the
        // sum of the stage inputs: in a chain the same, but in a graph a node read by two stages counted twice and a
        // residual Add's stacked summands once more.)
        var explanation = BenchMethod.GRADIENT.explainer(net, RuleRegistry.scan()).explain(x,
                io.lrp4j.engine.Target.argmax(), true);
        List<io.lrp4j.engine.StageReport> stages = explanation.stages();
        long activations = Explainer.recordedActivationBytes() + (x.length() + explanation.scores().length()) * 4;
        long largest = java.util.stream.Stream.concat(stages.stream().filter(r -> r.kind()
                != io.lrp4j.engine.network.StageKind.ADD).map(io.lrp4j.engine.StageReport::relevance),
                java.util.stream.Stream.of(explanation.scores())).mapToLong(INDArray::length).max().orElse(0) * 4;
        long cached = e == null ? 0 : e.cachedBytes();
        System.out.printf("| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %s |%n", workload,
                m.label(), warmUp / 1e6, cached / 1e6, heapPeak / 1e6, nativePeak / 1e6, retained / 1e6, kept / 1e6,
                activations / 1e6,
                largest / 1e6, e == null ? "-" : String.format("%.1f", (nativePeak - activations) / (double) largest));
    }

    /** Rounds of two measured calls a memory case runs; it reports the round of the lowest native peak. */
    private static final int ROUNDS = 3;

    /** One round's peaks above the level before it, and what it left behind. */
    private record Round(long heapPeak, long residentPeak, long nativePeak, long retained, boolean malloc) {
    }

    /**
     * Two calls, with the peaks taken from the level before them, so that they include whatever the first call
     * keeps while the second runs.
     */
    private static Round measureRound(Runnable call) throws Exception {
        MallocCounters malloc = MallocCounters.find();
        settleNativeMemory(malloc);
        // The arrays a thread keeps for reuse between calls are freed first, so that the peak counts all the memory
        // a call needs, the kept arrays included, and not only what it asks for beyond the last call's.
        Explainer.releaseReusableArrays();
        long heap0 = heapUsed();
        List<java.lang.management.MemoryPoolMXBean> pools = heapPools();
        pools.forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
        resetResidentPeak();
        long resident0 = status("VmRSS");
        long malloc0 = malloc == null ? 0 : malloc.resetPeak();
        call.run();
        call.run();
        long heapPeak = pools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() - heap0;
        long residentPeak = status("VmHWM") - resident0;
        long nativePeak = malloc == null ? residentPeak : malloc.peak() - malloc0;
        long retained = malloc == null ? status("VmRSS") - resident0 : malloc.live() - malloc0;
        return new Round(heapPeak, residentPeak, nativePeak, retained, malloc != null);
    }

    /**
     * Collects garbage until the native memory it held is freed. JavaCPP frees an unreachable array's memory on a
     * thread of its own after a collection, so without waiting, the earlier calls' arrays were freed during the
     * measured ones, below the level the peak is taken from: the MLP's epsilon-plus came out 4.6 largest
     * activations below its own activations.
     */
    private static void settleNativeMemory(MallocCounters malloc) throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 40; i++) {
            System.gc();
            Thread.sleep(50);
            long now = malloc == null ? 0 : malloc.live();
            // Without the counter, now is 0 every time: the second collection ends the wait.
            if (now == last) {
                return;
            }
            last = now;
        }
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
