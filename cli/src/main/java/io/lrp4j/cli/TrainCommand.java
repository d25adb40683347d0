package io.lrp4j.cli;

import io.lrp4j.cli.demo.DebianDescriptions;
import io.lrp4j.cli.demo.DemoKind;
import io.lrp4j.cli.demo.TextModel;
import io.lrp4j.cli.demo.DemoModel;
import io.lrp4j.cli.demo.FashionMnist;
import io.lrp4j.cli.demo.Idx;
import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.io.OutputFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.util.FeatureUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lrp train}: trains the demo model, seeded, and writes it with the test subset the demo ships. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a demo model on Fashion-MNIST (seeded, reproducible) and writes it with a test subset.",
        footer = {"", "Examples:",
                "  apt-get install dataset-fashion-mnist",
                "  ./lrp train --out cli/src/main/resources/io/lrp4j/cli/demo    # what the shipped model came from",
                "  ./lrp train --epochs 1 --out /tmp/model",
                "  ./lrp train lstm --out cli/src/main/resources/io/lrp4j/cli/demo      # the sequence demo's LSTM",
                "  ./lrp train relu-rnn --out cli/src/main/resources/io/lrp4j/cli/demo  # and its ReLU RNN"})
public final class TrainCommand extends BaseCommand implements Callable<Integer> {
    @picocli.CommandLine.Parameters(index = "0", arity = "0..1", defaultValue = "cnn", paramLabel = "MODEL",
            description = "cnn (the image demo's, the default), lstm or relu-rnn (the sequence demo's, reading each"
                    + " image row by row), or text (the text demo's LSTM on Debian package descriptions; --data is then"
                    + " the output of apt-cache dumpavail, which it runs itself when --data is not given).")
    String kind;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the Fashion-MNIST IDX files "
            + "(default: ${DEFAULT-VALUE}).")
    Path data = FashionMnist.DEBIAN_DIR;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "lrp-train",
            description = "Where to write " + DemoModel.MODEL + " and the test subset (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--epochs", defaultValue = "3", description = "Passes over the training set (default: 3).")
    int epochs;

    @Option(names = "--seed", defaultValue = "20261126", description = "Seed of weights and shuffling.")
    long seed;

    @Option(names = "--batch-size", defaultValue = "64", description = "Training batch size (default: 64).")
    int batchSize;

    @Option(names = "--subset", defaultValue = "300", description = "Test images to write for the demo.")
    int subset;

    @Option(names = "--train-limit", defaultValue = "0", description = "Use only this many training images (0: all).")
    int trainLimit;

    @Override
    public Integer call() throws IOException {
        if (epochs < 1 || batchSize < 1 || subset < 1) {
            throw new ExplainException("--epochs, --batch-size and --subset must be at least 1");
        }
        if (kind.equals("text")) {
            return trainText();
        }
        DemoKind model = DemoKind.parse(kind);

        FashionMnist.Split train = FashionMnist.load(data, true, trainLimit);
        FashionMnist.Split test = FashionMnist.load(data, false, 0);
        Nd4j.getRandom().setSeed(seed);
        MultiLayerNetwork net = new MultiLayerNetwork(model.configuration(seed));
        net.init();
        long n = train.images().size(0);
        INDArray flat = train.images().reshape(n, 28 * 28);
        INDArray labels = FeatureUtil.toOutcomeMatrix(train.labels().toIntVector(), 10);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            int[] order = shuffled((int) n, new Random(seed + epoch));
            Progress bar = Progress.start(spec.commandLine().getErr(), "epoch " + epoch + "/" + epochs, n);
            for (int from = 0; from < n; from += batchSize) {
                int[] rows = java.util.Arrays.copyOfRange(order, from, (int) Math.min(n, from + batchSize));
                INDArray x = model.input(Nd4j.pullRows(flat, 1, rows).reshape(rows.length, 1, 28, 28));
                net.fit(new DataSet(x, Nd4j.pullRows(labels, 1, rows)));
                bar.advance(rows.length);
            }
            bar.finish();
            out().printf("epoch %d: test accuracy %.2f%%%n", epoch, 100 * accuracy(net, model, test));
            out().flush();
        }
        Files.createDirectories(out);
        OutputFile.write(out.resolve(model.file()), stream -> ModelSerializer.writeModel(net, stream, false));
        int k = (int) Math.min(subset, test.images().size(0));
        Idx.writeImages(out.resolve(DemoModel.IMAGES), test.images().get(NDArrayIndex.interval(0, k)));
        Idx.writeLabels(out.resolve(DemoModel.LABELS), test.labels().get(NDArrayIndex.interval(0, k)));
        out().println("wrote " + out.resolve(model.file()) + " and the first " + k + " test images");
        return 0;
    }

    /** The text demo's model, from Debian's package descriptions. */
    private int trainText() throws IOException {
        Path dump = data;
        if (dump.equals(FashionMnist.DEBIAN_DIR)) {
            dump = Files.createTempFile("dumpavail", ".txt");
            dump.toFile().deleteOnExit();
            try {
                Process p = new ProcessBuilder("apt-cache", "dumpavail").redirectOutput(dump.toFile())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor() != 0) {
                    throw new ExplainException("apt-cache dumpavail failed; give its output with --data FILE");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExplainException("interrupted while running apt-cache dumpavail", e);
            }
        }
        List<DebianDescriptions.Document> docs = DebianDescriptions.read(dump);
        if (docs.size() < 100) {
            throw new ExplainException(dump + " holds " + docs.size() + " descriptions in the sections "
                    + DebianDescriptions.SECTIONS + "; give the output of apt-cache dumpavail (after apt-get update)");
        }
        List<List<DebianDescriptions.Document>> split = DebianDescriptions.split(docs, seed);
        List<String> vocab = DebianDescriptions.vocabulary(split.get(0), TextModel.VOCABULARY);
        INDArray x = DebianDescriptions.ids(split.get(0), vocab);
        INDArray y = FeatureUtil.toOutcomeMatrix(DebianDescriptions.labels(split.get(0)).toIntVector(),
                DebianDescriptions.SECTIONS.size());
        INDArray testX = DebianDescriptions.ids(split.get(1), vocab);
        INDArray testY = DebianDescriptions.labels(split.get(1));
        out().printf("%d descriptions: %d to train, %d to test, vocabulary of %d words%n", docs.size(),
                split.get(0).size(), split.get(1).size(), vocab.size());
        Nd4j.getRandom().setSeed(seed);
        MultiLayerNetwork net = new MultiLayerNetwork(TextModel.configuration(seed));
        net.init();
        int n = (int) x.size(0);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            int[] order = shuffled(n, new Random(seed + epoch));
            Progress bar = Progress.start(spec.commandLine().getErr(), "epoch " + epoch + "/" + epochs, n);
            for (int from = 0; from < n; from += batchSize) {
                int[] rows = java.util.Arrays.copyOfRange(order, from, Math.min(n, from + batchSize));
                net.fit(new DataSet(Nd4j.pullRows(x, 1, rows), Nd4j.pullRows(y, 1, rows)));
                bar.advance(rows.length);
            }
            bar.finish();
            out().printf("epoch %d: test accuracy %.2f%%%n", epoch, 100 * accuracy(net, testX, testY));
            out().flush();
        }
        Files.createDirectories(out);
        int k = (int) Math.min(subset, testX.size(0));
        TextModel.write(out, net, vocab, testX.get(NDArrayIndex.interval(0, k)), testY.get(NDArrayIndex.interval(0,
                k)));
        out().println("wrote " + out.resolve(TextModel.MODEL) + ", its vocabulary and the first " + k
                + " test descriptions");
        return 0;
    }

    private static int[] shuffled(int n, Random random) {
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The share of the split the network classifies right. */
    static double accuracy(MultiLayerNetwork net, DemoKind model, FashionMnist.Split split) {
        return accuracy(net, model.input(split.images()), split.labels());
    }

    /** The share of the inputs' rows whose highest score is their label, in chunks of 1,000 rows. */
    static double accuracy(MultiLayerNetwork net, INDArray inputs, INDArray labels) {
        long n = inputs.size(0);
        long correct = 0;
        for (long from = 0; from < n; from += 1000) {
            long to = Math.min(n, from + 1000);
            INDArray predicted = Nd4j.argMax(net.output(inputs.get(NDArrayIndex.interval(from, to)), false), 1);
            INDArray truth = labels.get(NDArrayIndex.interval(from, to));
            correct += predicted.castTo(truth.dataType()).eq(truth).castTo(org.nd4j.linalg.api.buffer.DataType.INT32)
                    .sumNumber().longValue();
        }
        return (double) correct / n;
    }
}
