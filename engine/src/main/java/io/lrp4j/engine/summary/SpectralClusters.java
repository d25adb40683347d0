package io.lrp4j.engine.summary;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.OneHot;
import io.lrp4j.engine.RowVectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Spectral relevance analysis (SpRAy; Lapuschkin et al. 2019, "Unmasking Clever Hans predictors"): are one class's
 * heatmaps of one kind, or of several, so that the model recognises the class by several strategies (one of them,
 * perhaps, a shortcut)? The heatmaps, each scaled to unit length, are joined to their nearest neighbours; the
 * eigenvalues of that graph's normalised Laplacian count the groups (as many eigenvalues near zero as the graph has
 * loosely joined parts: the eigengap, the largest step between consecutive eigenvalues, says where they end), and
 * k-means on the leading eigenvectors assigns each heatmap to a group (Ng, Jordan and Weiss 2001).
 *
 * <p>Everything is matrix arithmetic on the {@code n x n} graph: meant for the few hundred to few thousand heatmaps of
 * one class (downsampled), as SpRAy uses them.
 */
public final class SpectralClusters {
    /**
     * One class's analysis.
     *
     * @param eigenvalues the smallest eigenvalues of the normalised Laplacian, ascending (0 first)
     * @param clusters the number of groups the eigengap gives
     * @param assignment each heatmap's group, {@code 0..clusters-1}, groups numbered by size (largest first)
     * @param sizes each group's number of heatmaps
     */
    public record Result(double[] eigenvalues, int clusters, int[] assignment, long[] sizes) {
    }

    private final int neighbours;
    private final int mostClusters;
    private final long seed;

    /**
     * @param neighbours each heatmap's nearest neighbours joined to it (the graph is then made symmetric)
     * @param mostClusters the most groups the eigengap may give
     * @param seed fixes k-means' starts
     */
    public SpectralClusters(int neighbours, int mostClusters, long seed) {
        if (neighbours < 1 || mostClusters < 1) {
            throw new ExplainException("spectral clustering needs at least one neighbour and one cluster");
        }
        this.neighbours = neighbours;
        this.mostClusters = mostClusters;
        this.seed = seed;
    }

    /** The groups of {@code heatmaps} {@code [n, d]}, one flattened (downsampled) heatmap a row. */
    public Result of(INDArray heatmaps) {
        int n = (int) heatmaps.size(0);
        if (n <= neighbours) {
            throw new ExplainException("spectral clustering of " + n + " heatmaps needs more than " + neighbours
                    + " (the neighbours joined to each)");
        }
        INDArray x = RowVectors.unitLength(heatmaps.reshape(n, heatmaps.length() / n));
        // Squared distances, and each row's nearest (itself first, then its neighbours).
        INDArray distances = RowVectors.squaredDistances(x, x);
        INDArray nearest = Nd4j.exec(DynamicCustomOp.builder("top_k").addInputs(distances.neg())
                .addIntegerArguments(neighbours + 1).addBooleanArguments(true).build())[1];
        INDArray graph = Nd4j.zeros(DataType.DOUBLE, n, n);
        INDArray like = Nd4j.zeros(DataType.DOUBLE, n, n);
        for (int j = 0; j <= neighbours; j++) {
            graph.addi(OneHot.of(nearest.getColumn(j).dup().reshape(n).castTo(DataType.INT64), like));
        }
        graph.muli(Nd4j.eye(n).rsubi(1));
        graph = Transforms.max(graph, graph.transpose().dup(), false);
        graph = Transforms.min(graph, 1.0, false);
        // D^-1/2 W D^-1/2, whose largest eigenvalues are 1 minus the Laplacian's smallest.
        INDArray scale = Transforms.pow(graph.sum(1).addi(1e-12), -0.5, false);
        INDArray normalised = graph.mulColumnVector(scale.reshape(n, 1)).muliRowVector(scale.reshape(1, n));
        INDArray vectors = normalised.dup();
        INDArray values = Eigen.symmetricGeneralizedEigenvalues(vectors, true);
        int m = Math.min(mostClusters + 1, n);
        double[] laplacian = new double[m];
        for (int i = 0; i < m; i++) {
            laplacian[i] = 1 - values.getDouble(n - 1 - i);
        }
        int clusters = 1;
        double widest = -1;
        for (int i = 0; i + 1 < m && i < mostClusters; i++) {
            double gap = laplacian[i + 1] - laplacian[i];
            if (gap > widest) {
                widest = gap;
                clusters = i + 1;
            }
        }
        INDArray embedding = RowVectors.unitLength(vectors.get(NDArrayIndex.all(),
                NDArrayIndex.interval(n - clusters, n)));
        int[] assignment = clusters == 1 ? new int[n] : kMeans(embedding, clusters);
        return numberedBySize(laplacian, clusters, assignment);
    }

    /** k-means (Lloyd's iterations, from several seeded starts), the assignment with the least within-group spread. */
    private int[] kMeans(INDArray points, int k) {
        int n = (int) points.size(0);
        int[] best = null;
        double bestSpread = Double.POSITIVE_INFINITY;
        for (int start = 0; start < 10; start++) {
            int[] picks = RowVectors.shuffled(n, seed + start).get(NDArrayIndex.interval(0, k)).toIntVector();
            INDArray centres = Nd4j.pullRows(points, 1, picks);
            INDArray assigned = null;
            INDArray distances = null;
            for (int iteration = 0; iteration < 50; iteration++) {
                distances = RowVectors.squaredDistances(points, centres);
                INDArray next = distances.neg().argMax(1);
                if (assigned != null && next.equals(assigned)) {
                    break;
                }
                assigned = next;
                INDArray members = OneHot.of(assigned.reshape(n).castTo(DataType.INT64), Nd4j.zeros(DataType.DOUBLE, n, k));
                INDArray counts = members.sum(0).reshape(k, 1);
                // An emptied group keeps its centre.
                INDArray moved = members.transpose().mmul(points).diviColumnVector(Transforms.max(counts, 1.0, true));
                INDArray empty = counts.eq(0).castTo(DataType.DOUBLE);
                centres = moved.muliColumnVector(empty.rsub(1)).addi(centres.mulColumnVector(empty));
            }
            double spread = distances.min(1).sumNumber().doubleValue();
            if (spread < bestSpread) {
                bestSpread = spread;
                best = assigned.toIntVector();
            }
        }
        return best;
    }

    private static Result numberedBySize(double[] eigenvalues, int clusters, int[] assignment) {
        long[] counts = new long[clusters];
        for (int a : assignment) {
            counts[a]++;
        }
        Integer[] order = new Integer[clusters];
        for (int i = 0; i < clusters; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(counts[b], counts[a]));
        int[] rank = new int[clusters];
        long[] sizes = new long[clusters];
        for (int i = 0; i < clusters; i++) {
            rank[order[i]] = i;
            sizes[i] = counts[order[i]];
        }
        int[] renamed = new int[assignment.length];
        for (int r = 0; r < assignment.length; r++) {
            renamed[r] = rank[assignment[r]];
        }
        return new Result(eigenvalues, clusters, renamed, sizes);
    }
}
