package io.lrp4j.engine;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Integrated gradients and SmoothGrad: gradients of copies of the input, averaged. The copies of all rows are
 * differentiated together, at most {@link PathSettings#internalBatchSize()} at a time; no loop runs over rows.
 */
final class AveragedGradients {
    private final Explainer explainer;
    private final PathSettings settings;

    AveragedGradients(Explainer explainer, PathSettings settings) {
        this.explainer = explainer;
        this.settings = settings;
    }

    /** The explanation; its stages are empty (these methods have no layer-wise ledger). */
    Explanation explain(INDArray input, Target target) {
        INDArray x = input.castTo(explainer.dataType());
        INDArray scores = explainer.scores(x);
        INDArray targets = target.resolve(scores);
        long[] perRow = targets.toLongVector();
        boolean integrated = explainer.method() == Method.INTEGRATED_GRADIENTS;
        int copies = integrated ? settings.steps() : settings.samples();
        INDArray start = integrated ? settings.start(x) : null;
        INDArray path = integrated ? x.sub(start) : null;
        INDArray spread = integrated ? null : rowRanges(x).muli(settings.noise());
        // Integrated gradients weigh each point's gradient by the quadrature; SmoothGrad averages its samples.
        double[] points = integrated ? settings.quadrature().points(copies) : null;
        double[] weights = integrated ? settings.quadrature().weights(copies) : null;
        boolean squared = !integrated && settings.squared();
        if (!integrated) {
            Nd4j.getRandom().setSeed(settings.seed());
        }
        long rows = x.size(0);
        int perPass = (int) Math.max(1, settings.internalBatchSize() / rows);
        INDArray sum = Nd4j.zeros(x.dataType(), x.shape());
        for (int first = 0; first < copies; first += perPass) {
            int count = Math.min(perPass, copies - first);
            INDArray[] block = new INDArray[count];
            for (int k = 0; k < count; k++) {
                block[k] = integrated ? start.add(path.mul(points[first + k])) : noisy(x, spread);
            }
            INDArray batch = count == 1 ? block[0] : Nd4j.concat(0, block);
            long[] repeated = new long[(int) (count * rows)];
            for (int k = 0; k < count; k++) {
                System.arraycopy(perRow, 0, repeated, (int) (k * rows), (int) rows);
            }
            INDArray gradients = explainer.gradient(batch, Target.perRow(repeated)).relevance()
                    .reshape('c', count, x.length());
            if (integrated) {
                double[] w = java.util.Arrays.copyOfRange(weights, first, first + count);
                gradients = gradients.mulColumnVector(Nd4j.createFromArray(w).castTo(x.dataType()).reshape(count, 1));
            } else if (squared) {
                gradients = gradients.mul(gradients);
            }
            sum.addi(gradients.sum(0).reshape('c', x.shape()));
        }
        INDArray relevance = integrated ? sum.muli(path) : sum.divi(copies);
        return new Explanation(relevance, scores, targets, List.of());
    }

    /** Each row's largest minus smallest value, broadcast to {@code x}'s shape. */
    private static INDArray rowRanges(INDArray x) {
        long rows = x.size(0);
        INDArray flat = x.reshape('c', rows, x.length() / rows);
        INDArray range = flat.max(1).subi(flat.min(1)).reshape(rows, 1);
        return range.repeat(1, x.length() / rows).reshape('c', x.shape());
    }

    private static INDArray noisy(INDArray x, INDArray spread) {
        return Nd4j.randn(x.dataType(), x.shape()).muli(spread).addi(x);
    }
}
