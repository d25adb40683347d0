package io.lrp4j.cli;

import io.lrp4j.engine.ClassPrototypes;
import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.heatmap.Figure;
import io.lrp4j.engine.heatmap.Heatmaps;
import io.lrp4j.engine.io.ModelFiles;
import io.lrp4j.engine.io.Npy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lrp prototype}: one prototype per class by activation maximization with an L2 prior. */
@Command(name = "prototype", mixinStandardHelpOptions = true,
        description = {"What does the model take each class to look like? Activation maximization with an L2 prior",
            "(Montavon et al. 2018): gradient ascent on log p(c|x) - lambda ||x - mean||^2 from the mean of --input,",
            "within its range. Prints the objective per step; writes DIR/prototypes.npy and DIR/prototypes.png."},
        footer = {"", "Example:", "  ./lrp prototype --model m.zip --input x.npy --labels classes.txt --out protos"})
public final class PrototypeCommand extends BaseCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "M.zip|M.h5", description = "The model, as explain takes it.")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "X.npy",
            description = "Rows of data: the ascent starts from their mean and stays within their smallest and largest"
                    + " value.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the prototypes.")
    Path out;

    @Option(names = "--labels", paramLabel = "L.txt", description = "Class names, one per line (default: class 0, ...).")
    Path labels;

    @Option(names = "--lambda", defaultValue = "0.01", paramLabel = "L",
            description = "The weight of the L2 prior (default 0.01).")
    double lambda;

    @Option(names = "--steps", defaultValue = "200", paramLabel = "N", description = "Gradient steps (default 200).")
    int steps;

    @Option(names = "--learning-rate", defaultValue = "0.05", paramLabel = "R",
            description = "The step size (default 0.05).")
    double learningRate;

    @Option(names = "--objective", defaultValue = "log-probability", paramLabel = "log-probability|score",
            description = "What is maximized besides the prior: log p(c|x) (default) or the pre-softmax score z_c,"
                    + " which does not saturate once the class wins.")
    String objective;

    @Option(names = "--prior", defaultValue = "mean", paramLabel = "mean|class-mean",
            description = "The L2 prior's centre, also the start: the mean of all rows (default), or for each class the"
                    + " mean of the rows the model predicts as that class.")
    String prior;

    @Override
    public Integer call() {
        ClassPrototypes.Prior centre = ClassPrototypes.Prior.byLabel(prior);
        INDArray x = Npy.read(input);
        if (x.rank() < 2 || x.size(0) < 1) {
            throw new ExplainException(input + " must hold rows of data [N, ...], got shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        double low = x.minNumber().doubleValue();
        double high = x.maxNumber().doubleValue();
        ClassPrototypes.Settings settings = new ClassPrototypes.Settings(lambda, steps, learningRate, low, high,
                ClassPrototypes.Objective.byLabel(objective));
        long[] row = x.shape().clone();
        row[0] = 1;
        INDArray mean = x.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).mean(0).reshape(row);
        ClassPrototypes prototypes = ClassPrototypes.forModel(ModelFiles.loadAny(model));
        List<String> names = ClassNames.of(labels, prototypes.classes(mean));
        if (centre == ClassPrototypes.Prior.CLASS_MEAN) {
            mean = prototypes.classMeans(x);
        }
        ClassPrototypes.Result result = prototypes.run(mean, settings, (step, objective) -> {
            double sum = 0;
            double least = Double.POSITIVE_INFINITY;
            for (double o : objective) {
                sum += o;
                least = Math.min(least, o);
            }
            out().printf(Locale.ROOT, "step %d: objective mean %.4f, lowest class %.4f%n", step,
                    sum / objective.length, least);
        });
        int classes = names.size();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new ExplainException("cannot create " + out + ": " + e.getMessage(), e);
        }
        Npy.write(out.resolve("prototypes.npy"), result.prototypes());
        BufferedImage[][] cells = new BufferedImage[1][classes];
        List<String> captions = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            INDArray p = result.prototypes().get(NDArrayIndex.point(c));
            // The picture shows the prototype on the data's own range.
            cells[0][c] = Heatmaps.grey(p.sub(low).divi(high - low), 3);
            captions.add(names.get(c) + String.format(Locale.ROOT, "\np = %.2f", result.probabilities()[c]));
        }
        Heatmaps.writePng(Figure.grid(cells, captions, null, null), out.resolve("prototypes.png"));
        out().println("wrote " + out.resolve("prototypes.npy") + " and " + out.resolve("prototypes.png"));
        return 0;
    }

}
