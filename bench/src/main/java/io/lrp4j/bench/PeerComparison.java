package io.lrp4j.bench;

import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.registry.RuleRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.util.ListStatistics;

/**
 * lrp4j against PyTorch with Zennit's way of computing LRP ({@code bench/peer/torch_peer.py}), on the same weights,
 * inputs and thread count, alternating the two in one run: {@code BenchMain peer [workload ...]}.
 *
 * <p>Before any time is taken, every method's relevance from both sides is compared on the workload's input. Both sides
 * compute in float32, and some methods amplify its rounding (an epsilon of 1e-6 on dense layers; max pooling whose
 * winner changes with the last bit), so the yardstick is lrp4j's own float32 error, its distance from the same
 * explanation in float64: a workload is timed when every method differs from the peer by at most
 * {@link #AGREEMENT} of its largest value or by twice that error, whichever is larger, and is reported untimed
 * otherwise. The float64 explanation is computed only where the first bound fails ("-" in the table otherwise).
 * A round then times each method in lrp4j (a JMH block, as {@link BenchMain#time}) and right after in the peer (its
 * own loop of timed calls for as long); the ratio of the two medians is that round's. The table gives the median of
 * the rounds' ratios and their range.
 *
 * <p>The peer runs {@code /usr/bin/python3} (Debian's {@code python3-torch}; {@code LRP4J_PEER_PYTHON} overrides it)
 * with Debian's pthread OpenBLAS first on its library path, since the reference BLAS is many times slower, and the
 * same {@code OMP_NUM_THREADS} as this JVM.
 */
final class PeerComparison implements AutoCloseable {
    /** Largest relevance difference, relative to the largest relevance, at which both sides count as equal. */
    static final double AGREEMENT = 1e-4;
    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\": ([-0-9.eE+]+)");

    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    private PeerComparison(Process process) {
        this.process = process;
        this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static PeerComparison start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(python(), script().toString());
        String threads = System.getenv().getOrDefault("OMP_NUM_THREADS",
                String.valueOf(Runtime.getRuntime().availableProcessors()));
        pb.environment().putAll(peerEnvironment(threads));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return new PeerComparison(pb.start());
    }

    /** The interpreter with torch: Debian's python3, or {@code LRP4J_PEER_PYTHON}. */
    static String python() {
        return System.getenv().getOrDefault("LRP4J_PEER_PYTHON", "/usr/bin/python3");
    }

    /** {@code bench/peer/torch_peer.py}, or {@code -Dlrp4j.peer.script}. */
    static Path script() {
        Path script = Path.of(System.getProperty("lrp4j.peer.script", "bench/peer/torch_peer.py"));
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("no " + script + ": run from the repository's root, or set"
                    + " -Dlrp4j.peer.script");
        }
        return script;
    }

    /**
     * The peer's environment changes: Debian's pthread OpenBLAS first on the library path (the default reference BLAS
     * is many times slower) and {@code threads} for OpenMP and OpenBLAS.
     */
    static Map<String, String> peerEnvironment(String threads) {
        String openBlas = "/usr/lib/x86_64-linux-gnu/openblas-pthread";
        String path = System.getenv("LD_LIBRARY_PATH");
        return Map.of("LD_LIBRARY_PATH", path == null || path.isEmpty() ? openBlas : openBlas + ":" + path,
                "OMP_NUM_THREADS", threads, "OPENBLAS_NUM_THREADS", threads);
    }

    /** Sends one command and returns the numbers of its one-line answer. */
    private Map<String, Double> call(Map<String, Object> command) throws IOException {
        in.write(PeerTwin.json(command) + "\n");
        in.flush();
        String line = out.readLine();
        if (line == null || line.contains("\"error\"")) {
            throw new IllegalStateException("the peer failed on " + command + ": " + line);
        }
        Map<String, Double> numbers = new java.util.HashMap<>();
        Matcher m = NUMBER.matcher(line);
        while (m.find()) {
            numbers.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return numbers;
    }

    @Override
    public void close() throws IOException {
        in.close();
        process.destroy();
    }

    /** Every workload: the relevance check, then the alternating rounds; one Markdown table. */
    static void run(List<String> workloads) throws Exception {
        List<String> loads = workloads.isEmpty()
                ? List.of("fashion-cnn:1", "fashion-cnn:64", "mlp:256", "vgg16:1") : workloads;
        String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "all");
        System.out.println("| workload | threads | method | largest relevance difference | float32's own error"
                + " | lrp4j ms | peer ms | ratio lrp4j / peer, median of rounds | lowest to highest round |");
        System.out.println("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        Path dir = Files.createTempDirectory("lrp4j-peer");
        try (PeerComparison peer = start()) {
            for (String load : loads) {
                String[] parts = load.split(":");
                BenchModels.Model model = BenchModels.byName(parts[0]);
                if (!(model.net() instanceof MultiLayerNetwork net)) {
                    throw new IllegalArgumentException(load + ": the peer twin takes MultiLayerNetworks only");
                }
                Path twin = dir.resolve(parts[0]);
                PeerTwin.export(net, twin);
                peer.call(Map.of("cmd", "load", "dir", twin.toString()));
                INDArray x = model.input(Integer.parseInt(parts[1]));
                Path input = dir.resolve("input.npy");
                Nd4j.writeAsNumpy(x, input.toFile());
                Map<BenchMethod, Double> differences = new EnumMap<>(BenchMethod.class);
                Map<BenchMethod, Double> ownErrors = new EnumMap<>(BenchMethod.class);
                MultiLayerNetwork net64 = null;
                for (BenchMethod m : BenchMethod.values()) {
                    INDArray ours = relevance(m, net, x);
                    differences.put(m, peer.difference(m, ours, input, dir.resolve("peer.npy")));
                    // The float64 explanation only where the peer is further off than AGREEMENT: on VGG-16 it is
                    // slow and large (its explainers cache modified float64 weights), so each is freed at once.
                    if (differences.get(m) > AGREEMENT) {
                        net64 = net64 != null ? net64 : net.convertDataType(DataType.DOUBLE);
                        ownErrors.put(m, relativeDifference(relevance(m, net64, x.castTo(DataType.DOUBLE)), ours));
                        System.gc();
                    } else {
                        ownErrors.put(m, Double.NaN);
                    }
                }
                boolean agree = java.util.Arrays.stream(BenchMethod.values())
                        .allMatch(m -> differences.get(m) <= AGREEMENT || differences.get(m) <= 2 * ownErrors.get(m));
                boolean slow = load.startsWith("vgg16");
                int rounds = agree ? (slow ? 3 : 5) : 0;
                Map<BenchMethod, ListStatistics> ratios = new EnumMap<>(BenchMethod.class);
                Map<BenchMethod, ListStatistics> mine = new EnumMap<>(BenchMethod.class);
                Map<BenchMethod, ListStatistics> theirs = new EnumMap<>(BenchMethod.class);
                for (int round = 0; round <= rounds && agree; round++) {
                    boolean warm = round == 0 || !slow;
                    for (BenchMethod m : BenchMethod.values()) {
                        double ours = BenchMain.block(load, m, warm).median();
                        double peers = peer.call(Map.of("cmd", "time", "method", m.label(), "input",
                                input.toString(), "seconds", 2, "warm", warm ? 1 : 0)).get("median_ms");
                        if (round > 0) {
                            mine.computeIfAbsent(m, k -> new ListStatistics()).addValue(ours);
                            theirs.computeIfAbsent(m, k -> new ListStatistics()).addValue(peers);
                            ratios.computeIfAbsent(m, k -> new ListStatistics()).addValue(ours / peers);
                        }
                    }
                    System.err.printf("peer: %s round %d of %d done%n", load, round, rounds);
                }
                for (BenchMethod m : BenchMethod.values()) {
                    String row = String.format("| %s | %s | %s | %.1e | %s |", load, threads, m.label(),
                            differences.get(m), ownErrors.get(m).isNaN() ? "-" : String.format("%.1e",
                                    ownErrors.get(m)));
                    ListStatistics r = ratios.get(m);
                    System.out.println(r == null ? row + " - | - | not timed: the relevance differs | - |"
                            : row + String.format(" %.2f | %.2f | %.2f | %.2f to %.2f |",
                                    mine.get(m).getPercentile(50), theirs.get(m).getPercentile(50),
                                    r.getPercentile(50), r.getMin(), r.getMax()));
                }
            }
        }
    }

    /**
     * max|R - R_peer| / max|R| of one method on the input: for {@code output} the logits, for {@code gradient} the
     * gradient of the top class, for the rest its relevance.
     */
    private double difference(BenchMethod m, INDArray ours, Path input, Path peerOut) throws IOException {
        call(Map.of("cmd", "relevance", "method", m.label(), "input", input.toString(), "out", peerOut.toString()));
        INDArray theirs = Nd4j.createFromNpyFile(peerOut.toFile()).castTo(DataType.DOUBLE);
        return relativeDifference(ours, theirs.reshape(ours.shape()));
    }

    /** lrp4j's answer for one method: the logits for {@code output}, else the explanation's relevance. */
    private static INDArray relevance(BenchMethod m, MultiLayerNetwork net, INDArray x) {
        Explainer e = m.explainer(net, RuleRegistry.scan());
        if (e == null) {
            return preSoftmax(net, x).castTo(DataType.DOUBLE);
        }
        try (io.lrp4j.engine.Explanation explanation = e.explain(x)) {
            // A copy either way: closing the explanation frees its relevance.
            INDArray r = explanation.relevance();
            return r.dataType() == DataType.DOUBLE ? r.dup() : r.castTo(DataType.DOUBLE);
        }
    }

    /** max|a - b| / max|a|. */
    static double relativeDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue() / Math.max(a.amaxNumber().doubleValue(), 1e-30);
    }

    /** The logits: the output layer's input times its weights, since net.output applies the softmax. */
    private static INDArray preSoftmax(MultiLayerNetwork net, INDArray x) {
        int last = net.getnLayers() - 1;
        INDArray h = net.feedForwardToLayer(last, x, false).get(last);
        return h.mmul(net.getLayer(last).getParam("W")).addiRowVector(net.getLayer(last).getParam("b"));
    }
}
