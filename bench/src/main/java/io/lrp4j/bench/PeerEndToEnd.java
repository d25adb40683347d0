package io.lrp4j.bench;

import io.lrp4j.cli.demo.FashionMnist;
import io.lrp4j.cli.demo.ShippedDemo;
import io.lrp4j.engine.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.util.ListStatistics;

/**
 * End to end against the peer: all 10,000 Fashion-MNIST test images explained with {@code epsilon-plus} in batches of
 * 64 by {@code ./lrp explain} and by {@code bench/peer/torch_peer.py throughput}, each a whole process timed from its
 * start to its exit (JVM or interpreter start, reading, explaining, writing), alternating the two for
 * {@link #ROUNDS} rounds: {@code BenchMain peer-end-to-end}.
 *
 * <p>lrp4j runs as a user would: {@code --batch-size 64} and its default {@code --threads} (one block per core) when
 * {@code OMP_NUM_THREADS} is above 1, {@code --threads 1} when it is 1. Both outputs are compared before any number is
 * reported; the run stops if they differ by more than {@link PeerComparison#AGREEMENT} of the largest relevance.
 */
final class PeerEndToEnd {
    static final int ROUNDS = 3;
    static final int BATCH = 64;

    private PeerEndToEnd() {
    }

    static void run() throws Exception {
        Path dir = Files.createTempDirectory("lrp4j-peer-e2e");
        MultiLayerNetwork net = ShippedDemo.model();
        Path twin = dir.resolve("twin");
        PeerTwin.export(net, twin);
        Path model = dir.resolve("model.zip");
        ModelSerializer.writeModel(net, model.toFile(), false);
        Path images = dir.resolve("images.npy");
        Npy.write(images, FashionMnist.load(FashionMnist.DEBIAN_DIR, false, 10_000).images().castTo(DataType.FLOAT));
        String threads = System.getenv().getOrDefault("OMP_NUM_THREADS",
                String.valueOf(Runtime.getRuntime().availableProcessors()));
        List<String> lrp = new ArrayList<>(List.of("./lrp", "explain", "--model", model.toString(), "--input",
                images.toString(), "--composite", "epsilon-plus", "--batch-size", String.valueOf(BATCH), "--out",
                dir.resolve("lrp4j.npy").toString()));
        if (threads.equals("1")) {
            lrp.addAll(List.of("--threads", "1"));
        }
        List<String> peer = List.of(PeerComparison.python(), PeerComparison.script().toString(), "throughput",
                twin.toString(), images.toString(), String.valueOf(BATCH), dir.resolve("peer.npy").toString());
        ListStatistics ours = new ListStatistics();
        ListStatistics theirs = new ListStatistics();
        for (int round = 0; round < ROUNDS; round++) {
            ours.addValue(10_000 / seconds(lrp, Map.of("OMP_NUM_THREADS", threads)));
            theirs.addValue(10_000 / seconds(peer, PeerComparison.peerEnvironment(threads)));
            if (round == 0) {
                double difference = difference(dir.resolve("lrp4j.npy"), dir.resolve("peer.npy"));
                if (difference > PeerComparison.AGREEMENT) {
                    throw new IllegalStateException(String.format("the relevance differs by %.1e of its largest"
                            + " value: not timed", difference));
                }
                System.err.printf("peer-end-to-end: relevance agrees to %.1e%n", difference);
            }
        }
        System.out.println("| threads | lrp4j rows/s | peer rows/s | lrp4j / peer |");
        System.out.println("| ---: | ---: | ---: | ---: |");
        System.out.printf("| %s | %.0f | %.0f | %.2f |%n", threads, ours.getPercentile(50), theirs.getPercentile(50),
                ours.getPercentile(50) / theirs.getPercentile(50));
    }

    /** Wall-clock seconds of one whole process, which must succeed. */
    private static double seconds(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(environment);
        long start = System.nanoTime();
        int exit = pb.start().waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
        }
        return seconds;
    }

    /** max|a - b| / max|a| of two .npy files. */
    private static double difference(Path a, Path b) {
        INDArray ours = Npy.read(a).castTo(DataType.DOUBLE);
        return PeerComparison.relativeDifference(ours, Npy.read(b).castTo(DataType.DOUBLE).reshape(ours.shape()));
    }
}
