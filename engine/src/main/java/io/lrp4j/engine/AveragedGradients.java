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

    /**
     * The explanation of one array per model input (each with the same rows); its stages are empty (these methods
     * have no layer-wise ledger). Every input moves along its own path, or gets its own noise, in the same copies.
     */
    Explanation explain(List<INDArray> given, Target target) {
        int m = given.size();
        List<INDArray> xs = given.stream().map(x -> x.castTo(explainer.dataType())).toList();
        INDArray scores = explainer.scores(xs);
        INDArray targets = target.resolve(scores);
        long[] perRow = targets.toLongVector();
        boolean integrated = explainer.method() == Method.INTEGRATED_GRADIENTS;
        if (integrated && m > 1 && settings.baselineInput() != null) {
            throw new ExplainException("a baseline file gives one input's start; this model has " + m + " inputs:"
                    + " give the baseline as a value");
        }
        int copies = integrated ? settings.steps() : settings.samples();
        INDArray[] start = new INDArray[m];
        INDArray[] path = new INDArray[m];
        INDArray[] spread = new INDArray[m];
        INDArray[] sum = new INDArray[m];
        for (int k = 0; k < m; k++) {
            INDArray x = xs.get(k);
            start[k] = integrated ? settings.start(x) : null;
            path[k] = integrated ? x.sub(start[k]) : null;
            spread[k] = integrated ? null : rowRanges(x).muli(settings.noise());
            sum[k] = Nd4j.zeros(x.dataType(), x.shape());
        }
        // Integrated gradients weigh each point's gradient by the quadrature; SmoothGrad averages its samples.
        double[] points = integrated ? settings.quadrature().points(copies) : null;
        double[] weights = integrated ? settings.quadrature().weights(copies) : null;
        boolean squared = !integrated && settings.squared();
        if (!integrated) {
            Nd4j.getRandom().setSeed(settings.seed());
        }
        long rows = xs.get(0).size(0);
        int perPass = (int) Math.max(1, settings.internalBatchSize() / rows);
        for (int first = 0; first < copies; first += perPass) {
            int count = Math.min(perPass, copies - first);
            List<INDArray> batch = new java.util.ArrayList<>();
            for (int k = 0; k < m; k++) {
                INDArray[] block = new INDArray[count];
                for (int c = 0; c < count; c++) {
                    block[c] = integrated ? start[k].add(path[k].mul(points[first + c])) : noisy(xs.get(k), spread[k]);
                }
                batch.add(count == 1 ? block[0] : Nd4j.concat(0, block));
            }
            long[] repeated = new long[(int) (count * rows)];
            for (int c = 0; c < count; c++) {
                System.arraycopy(perRow, 0, repeated, (int) (c * rows), (int) rows);
            }
            List<INDArray> all = explainer.gradient(batch, Target.perRow(repeated)).inputRelevance();
            INDArray w = integrated ? Nd4j.createFromArray(java.util.Arrays.copyOfRange(weights, first, first + count))
                    .castTo(xs.get(0).dataType()).reshape(count, 1) : null;
            for (int k = 0; k < m; k++) {
                INDArray x = xs.get(k);
                INDArray gradients = all.get(k).reshape('c', count, x.length());
                if (integrated) {
                    gradients = gradients.mulColumnVector(w);
                } else if (squared) {
                    gradients = gradients.mul(gradients);
                }
                sum[k].addi(gradients.sum(0).reshape('c', x.shape()));
            }
        }
        List<INDArray> relevance = new java.util.ArrayList<>();
        for (int k = 0; k < m; k++) {
            relevance.add(integrated ? sum[k].muli(path[k]) : sum[k].divi(copies));
        }
        return new Explanation(relevance.get(0), scores, targets, List.of(), relevance);
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
