package io.lrp4j.cli;

import io.lrp4j.cli.demo.DemoKind;
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
                    + " image row by row).")
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
        long n = split.images().size(0);
        long correct = 0;
        for (long from = 0; from < n; from += 1000) {
            long to = Math.min(n, from + 1000);
            INDArray predicted = Nd4j.argMax(net.output(model.input(split.images().get(NDArrayIndex.interval(from,
                    to))), false), 1);
            INDArray truth = split.labels().get(NDArrayIndex.interval(from, to));
            correct += predicted.castTo(truth.dataType()).eq(truth).castTo(org.nd4j.linalg.api.buffer.DataType.INT32)
                    .sumNumber().longValue();
        }
        return (double) correct / n;
    }
}
