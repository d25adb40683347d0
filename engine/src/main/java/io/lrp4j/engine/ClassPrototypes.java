package io.lrp4j.engine;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Class prototypes by activation maximization with an L2 prior (Montavon, Samek and Müller 2018, "Methods for
 * interpreting and understanding deep neural networks"): for each class {@code c}, gradient ascent on
 * {@code log p(c|x) - lambda ||x - mean||^2} from the data mean, each step clipped to the input's range.
 *
 * <p>The gradient of {@code log p(c|x)} is {@code grad z_c - sum_k p_k grad z_k}, so a step needs the gradient of
 * every class's pre-softmax score at every prototype: one batched gradient pass over each prototype repeated once per
 * class (at most {@link #ROWS_PER_PASS} rows at a time), weighted by {@code onehot(c) - p}. No loop runs over rows.
 */
public final class ClassPrototypes {
    /** The most rows one gradient pass takes; more classes than fit are run in several passes. */
    public static final int ROWS_PER_PASS = 1024;

    /**
     * @param lambda the weight of the L2 prior, at least 0
     * @param steps gradient steps, at least 1
     * @param learningRate the step size, above 0
     * @param low the input's smallest value
     * @param high the input's largest value, above {@code low}
     * @param objective what is maximized besides the prior
     */
    public record Settings(double lambda, int steps, double learningRate, double low, double high, Objective objective) {
        /** Checks the settings. */
        public Settings {
            if (!(lambda >= 0) || Double.isInfinite(lambda)) {
                throw new ExplainException("--lambda must be a finite value of at least 0, got " + lambda);
            }
            if (steps < 1) {
                throw new ExplainException("--steps must be at least 1, got " + steps);
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new ExplainException("--learning-rate must be a finite value above 0, got " + learningRate);
            }
            if (objective == null) {
                throw new ExplainException("an objective is needed: log-probability or score");
            }
            if (!(high > low) || Double.isInfinite(low) || Double.isInfinite(high)) {
                throw new ExplainException("the input's range must be finite with high above low, got [" + low + ", "
                        + high + "]");
            }
        }
    }

    /** What the ascent maximizes besides the prior. */
    public enum Objective {
        /**
         * {@code log p(c|x)}, as Montavon et al. state it. It saturates: once the class wins, its gradient
         * {@code 1 - p} fades, so the prototype stays near the mean plus what tips the decision.
         */
        LOG_PROBABILITY,
        /** The pre-softmax score {@code z_c}, which does not saturate: the prior alone stops the ascent. */
        SCORE;

        /** The command-line name: {@code log-probability} or {@code score}. */
        public String label() {
            return EnumLabels.label(this);
        }

        /** The objective a command-line name means. */
        public static Objective byLabel(String label) {
            return EnumLabels.byLabel(values(), label, "objective");
        }
    }

    /** Where the ascent starts, which is also the L2 prior's centre. */
    public enum Prior {
        /** The mean of all rows, as Montavon et al. state it. */
        MEAN,
        /** For each class, the mean of the rows the model predicts as that class ({@link #classMeans}). */
        CLASS_MEAN;

        /** The command-line name: {@code mean} or {@code class-mean}. */
        public String label() {
            return EnumLabels.label(this);
        }

        /** The prior a command-line name means. */
        public static Prior byLabel(String label) {
            return EnumLabels.byLabel(values(), label, "prior");
        }
    }

    /**
     * @param prototypes one per class, {@code [classes, ...one row's shape]}
     * @param objective per step and class, the objective less {@code lambda ||x - mean||^2}, {@code [steps + 1, classes]}
     *     (row 0 at the mean)
     * @param probabilities each prototype's probability of its own class at the end
     */
    public record Result(INDArray prototypes, double[][] objective, double[] probabilities) {
    }

    /** Told the objective of every class after each step. */
    @FunctionalInterface
    public interface Progress {
        void step(int step, double[] objective);
    }

    private final Explainer gradient;

    private ClassPrototypes(Explainer gradient) {
        this.gradient = gradient;
    }

    /** Prototypes of {@code model}'s classes (its only or first output). */
    public static ClassPrototypes forModel(Model model) {
        return new ClassPrototypes(Explainer.forModel(model).method(Method.GRADIENT).build());
    }

    /** The number of classes the model scores for rows like {@code row} ({@code [1, ...]}). */
    public int classes(INDArray row) {
        return (int) gradient.scores(row.castTo(gradient.dataType())).size(1);
    }

    /**
     * The mean of the rows the model assigns to each class (its argmax), {@code [classes, ...]}: a prior and start
     * for each class's prototype that lies among that class's data (Montavon et al. 2018 ask for a prior that
     * keeps the prototype close to the data; one mean for all classes keeps it close to none of them). One product
     * of the rows with their one-hot predictions.
     *
     * @param rows data rows {@code [N, ...]}; only read
     * @throws ExplainException when no row is assigned to some class
     */
    public INDArray classMeans(INDArray rows) {
        INDArray x = rows.castTo(gradient.dataType());
        INDArray scores = gradient.scores(x);
        int classes = (int) scores.size(1);
        INDArray oneHot = OneHot.of(Nd4j.argMax(scores, 1), scores);
        INDArray counts = oneHot.sum(0);
        for (int c = 0; c < classes; c++) {
            if (counts.getDouble(c) == 0) {
                throw new ExplainException("no row of the data is predicted as class " + c + "; give more rows,"
                        + " or use one mean for all classes");
            }
        }
        long features = x.length() / x.size(0);
        INDArray sums = oneHot.transpose().mmul(x.reshape('c', x.size(0), features));
        long[] shape = x.shape().clone();
        shape[0] = classes;
        return sums.diviColumnVector(counts.reshape(classes, 1)).reshape('c', shape);
    }

    /**
     * Runs the ascent.
     *
     * @param mean the prior's centre and the start: the data mean, one row ({@code [1, ...]}), or one row per class
     *     ({@link #classMeans}); only read
     */
    public Result run(INDArray mean, Settings settings, Progress progress) {
        if (mean.rank() < 2) {
            throw new ExplainException("the mean must be rows [1 or classes, ...], got " + java.util.Arrays.toString(
                    mean.shape()));
        }
        INDArray start = mean.castTo(gradient.dataType());
        int classes = classes(start.get(NDArrayIndex.interval(0, 1)));
        if (start.size(0) != 1 && start.size(0) != classes) {
            throw new ExplainException("the mean must be one row or one per class (" + classes + "), got "
                    + start.size(0) + " rows");
        }
        long features = start.length() / start.size(0);
        INDArray flatMean = start.reshape('c', start.size(0), features);
        INDArray x = flatMean.broadcast(classes, features).dup('c');
        INDArray own = Nd4j.eye(classes).castTo(gradient.dataType());
        double[][] objective = new double[settings.steps() + 1][];
        double[] probabilities = null;
        for (int step = 0; step <= settings.steps(); step++) {
            INDArray[] gradAndLogP = objectiveGradient(x, start.shape(), classes, own,
                    settings.objective() == Objective.SCORE);
            INDArray distance = x.sub(flatMean);
            INDArray prior = distance.mul(distance).sum(1).muli(settings.lambda());
            objective[step] = gradAndLogP[1].sub(prior).toDoubleVector();
            probabilities = gradAndLogP[2].toDoubleVector();
            if (step > 0 && progress != null) {
                progress.step(step, objective[step]);
            }
            if (step == settings.steps()) {
                break;
            }
            INDArray ascent = gradAndLogP[0].subi(distance.muli(2 * settings.lambda()));
            x.addi(ascent.muli(settings.learningRate()));
            Transforms.max(x, settings.low(), false);
            Transforms.min(x, settings.high(), false);
            if (!Double.isFinite(x.sumNumber().doubleValue())) {
                throw new ExplainException("the ascent diverged at step " + (step + 1) + ": try a smaller"
                        + " --learning-rate");
            }
        }
        long[] shape = start.shape().clone();
        shape[0] = classes;
        return new Result(x.reshape('c', shape), objective, probabilities);
    }

    /**
     * For every prototype {@code x_c} ({@code [classes, features]}): the gradient of the objective (of
     * {@code log p(c|x_c)}, or of {@code z_c} when {@code score}), the objective, and {@code p(c|x_c)}.
     */
    INDArray[] objectiveGradient(INDArray x, long[] rowShape, int classes, INDArray own, boolean score) {
        long features = x.size(1);
        INDArray result = Nd4j.create(x.dataType(), classes, features);
        INDArray logP = Nd4j.create(x.dataType(), classes);
        INDArray values = Nd4j.create(x.dataType(), classes);
        int perPass = Math.max(1, ROWS_PER_PASS / classes);
        for (int first = 0; first < classes; first += perPass) {
            int count = Math.min(perPass, classes - first);
            INDArray chunk = x.get(NDArrayIndex.interval(first, first + count), NDArrayIndex.all());
            // Prototype c repeated once per class k, rows ordered (c, k); the target of row (c, k) is k.
            INDArray rows = chunk.reshape('c', count, 1, features).broadcast(count, classes, features).dup('c');
            long[] shape = rowShape.clone();
            shape[0] = (long) count * classes;
            long[] targets = new long[count * classes];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = i % classes;
            }
            try (Explanation e = gradient.explain(rows.reshape('c', shape), Target.perRow(targets))) {
                INDArray grads = e.relevance().reshape('c', count, classes, features);
                INDArray scores = e.scores().get(NDArrayIndex.interval(0, classes, (long) count * classes),
                        NDArrayIndex.all());
                INDArray logSoftmax = scores.sub(logSumExp(scores));
                INDArray p = Transforms.exp(logSoftmax, true);
                INDArray ownRows = own.get(NDArrayIndex.interval(first, first + count), NDArrayIndex.all());
                INDArray weights = score ? ownRows : ownRows.sub(p);
                INDArray weighted = grads.mul(weights.reshape(count, classes, 1).broadcast(count, classes, features));
                result.get(NDArrayIndex.interval(first, first + count), NDArrayIndex.all()).assign(weighted.sum(1));
                INDArray ownLogP = logSoftmax.mul(ownRows).sum(1);
                logP.get(NDArrayIndex.interval(first, first + count)).assign(ownLogP);
                values.get(NDArrayIndex.interval(first, first + count)).assign(score ? scores.mul(ownRows).sum(1)
                        : ownLogP);
            }
        }
        return new INDArray[] {result, values, Transforms.exp(logP, false)};
    }

    /** Each row's log of the sum of its exponentials, {@code [rows, 1]}, computed stably. */
    private static INDArray logSumExp(INDArray scores) {
        INDArray max = scores.max(1).reshape(scores.size(0), 1);
        INDArray shifted = scores.sub(max);
        return Transforms.log(Transforms.exp(shifted, false).sum(1), false).reshape(scores.size(0), 1).addi(max);
    }
}
