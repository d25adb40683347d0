package io.lrp4j.bench;

import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.registry.RuleRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.Pointer;
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
 * <p>{@code BenchMain time [workload ...]}, {@code BenchMain memory}, {@code BenchMain throughput}.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "time" : args[0];
        switch (mode) {
            case "time" -> time(args.length > 1 ? List.of(args).subList(1, args.length) : List.of());
            case "memory" -> memory();
            case "throughput" -> throughput();
            default -> throw new IllegalArgumentException("modes: time, memory, throughput");
        }
    }

    static void time(List<String> workloads) throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder().include(ExplainBenchmark.class.getSimpleName())
                .forks(0).warmupIterations(2).warmupTime(TimeValue.seconds(2)).measurementIterations(5)
                .measurementTime(TimeValue.seconds(2));
        if (!workloads.isEmpty()) {
            options.param("workload", workloads.toArray(String[]::new));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Map<String, double[]>> table = new LinkedHashMap<>();
        for (RunResult r : results) {
            String workload = r.getParams().getParam("workload");
            String method = r.getParams().getParam("method");
            table.computeIfAbsent(workload, k -> new LinkedHashMap<>()).put(method,
                    new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
        }
        System.out.println();
        System.out.println("| model:batch | method | ms per batch | ± (99.9%) | ratio to net.output |");
        System.out.println("| --- | --- | ---: | ---: | ---: |");
        for (var w : table.entrySet()) {
            double output = w.getValue().get("OUTPUT")[0];
            for (var m : w.getValue().entrySet()) {
                System.out.printf("| %s | %s | %.2f | %.2f | %.2f |%n", w.getKey(), BenchMethod.valueOf(m.getKey())
                        .label(), m.getValue()[0], m.getValue()[1], m.getValue()[0] / output);
            }
        }
    }

    /**
     * Peak Java heap, and peak resident memory of the process, above the baseline during one call, sampled every
     * millisecond. ND4J allocates outside JavaCPP's own accounting, so the resident size is what shows its
     * off-heap arrays.
     */
    static long[] peak(Runnable call) throws InterruptedException {
        System.gc();
        long heap0 = used();
        long off0 = Pointer.physicalBytes();
        AtomicLong heap = new AtomicLong();
        AtomicLong off = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                heap.accumulateAndGet(used() - heap0, Math::max);
                off.accumulateAndGet(Pointer.physicalBytes() - off0, Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        call.run();
        heap.accumulateAndGet(used() - heap0, Math::max);
        off.accumulateAndGet(Pointer.physicalBytes() - off0, Math::max);
        sampler.interrupt();
        sampler.join();
        return new long[] {heap.get(), off.get()};
    }

    private static long used() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    static void memory() throws Exception {
        System.out.println("| model:batch | method | peak heap MB | peak resident MB | largest activation MB |");
        System.out.println("| --- | --- | ---: | ---: | ---: |");
        for (String workload : List.of("fashion-cnn:64", "mlp:256", "vgg16:4")) {
            String[] parts = workload.split(":");
            BenchModels.Model model = BenchModels.byName(parts[0]);
            MultiLayerNetwork net = model.net();
            INDArray x = model.input(Integer.parseInt(parts[1]));
            long largest = net.feedForward(x, false).stream().mapToLong(a -> a.length() * 4).max().orElse(0);
            for (BenchMethod m : BenchMethod.values()) {
                Explainer e = m.explainer(net, RuleRegistry.scan());
                Runnable call = e == null ? () -> net.output(x, false) : () -> e.explain(x);
                call.run();
                long[] p = peak(call);
                System.out.printf("| %s | %s | %.1f | %.1f | %.1f |%n", workload, m.label(), p[0] / 1e6, p[1] / 1e6,
                        largest / 1e6);
            }
        }
    }

    static void throughput() throws Exception {
        BenchModels.Model model = BenchModels.byName("fashion-cnn");
        Explainer e = BenchMethod.EPSILON_PLUS.explainer(model.net(), RuleRegistry.scan());
        String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "all");
        List<String> rows = new ArrayList<>();
        for (int batch : new int[] {1, 8, 32, 64}) {
            INDArray x = model.input(batch);
            for (int i = 0; i < 20; i++) {
                e.explain(x);
            }
            int calls = Math.max(20, 2000 / batch);
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                e.explain(x);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            rows.add(String.format("| %s | %d | %.0f |", threads, batch, calls * batch / seconds));
        }
        System.out.println("| OMP threads | batch | rows/s (fashion-cnn, epsilon-plus) |");
        System.out.println("| --- | ---: | ---: |");
        rows.forEach(System.out::println);
    }
}
