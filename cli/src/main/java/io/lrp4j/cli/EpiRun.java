package io.lrp4j.cli;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.evaluation.ExplanatoryPower;
import io.lrp4j.engine.heatmap.CurvePlot;
import io.lrp4j.engine.heatmap.Heatmaps;
import io.lrp4j.engine.io.OutputFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The explanatory power index of several methods on one set of documents, as {@code ./lrp evaluate} runs it on a
 * text model: each method's document vectors, then the two baselines every method should beat (every word weighted
 * one, and random relevance); and its files ({@code epi.csv}, {@code epi.png}) with the table printed.
 */
final class EpiRun {
    /** Random halvings of the documents averaged over. */
    static final int SPLITS = 10;
    /** The largest k of the nearest-neighbour vote. */
    static final int MAX_K = 45;
    /** The seed of the halvings, the same for every method. */
    private static final long SPLIT_SEED = 20170817L;

    private final INDArray ids;
    private final INDArray embedding;
    private final int padding;
    private final INDArray labels;
    private final ExplanatoryPower power = new ExplanatoryPower(SPLITS, MAX_K, SPLIT_SEED);
    private final Map<String, ExplanatoryPower.Result> results = new LinkedHashMap<>();

    /**
     * @param ids the documents' token ids {@code [N, T]}; only read
     * @param embedding the model's word vectors {@code [vocabulary, dim]}
     * @param padding the padding token's id
     * @param labels the classes the neighbours vote on, {@code [N]}
     */
    EpiRun(INDArray ids, INDArray embedding, int padding, INDArray labels) {
        if (labels.length() != ids.size(0)) {
            throw new ExplainException("--labels has " + labels.length() + " labels for " + ids.size(0)
                    + " documents");
        }
        this.ids = ids;
        this.embedding = embedding;
        this.padding = padding;
        this.labels = labels;
    }

    /** Scores one method's token relevance {@code [N, T]}. */
    void add(String method, INDArray relevance) {
        results.put(method, power.of(method, ExplanatoryPower.documentVectors(ids, relevance, embedding, padding),
                labels));
    }

    /** Scores the baselines: every word weighted one, and relevance drawn uniformly from [-1, 1] ({@code seeds} draws). */
    void addBaselines(int seeds) {
        add("uniform", Nd4j.onesLike(ids));
        List<ExplanatoryPower.Result> draws = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            Nd4j.getRandom().setSeed(SPLIT_SEED + 1000 + s);
            INDArray random = Nd4j.rand(ids.dataType(), ids.shape()).muli(2).subi(1);
            draws.add(power.of("random", ExplanatoryPower.documentVectors(ids, random, embedding, padding), labels));
        }
        double[] mean = new double[draws.get(0).meanAccuracy().length];
        for (ExplanatoryPower.Result r : draws) {
            for (int k = 0; k < mean.length; k++) {
                mean[k] += r.meanAccuracy()[k] / seeds;
            }
        }
        int best = 0;
        for (int k = 1; k < mean.length; k++) {
            best = mean[k] > mean[best] ? k : best;
        }
        double se = draws.stream().mapToDouble(ExplanatoryPower.Result::standardError).average().orElse(0);
        results.put("random", new ExplanatoryPower.Result("random", mean[best], se, best + 1, mean));
    }

    /** Writes {@code dir/epi.csv} and {@code dir/epi.png}, and prints the table. */
    void write(Path dir, PrintWriter out) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ExplainException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        StringBuilder table = new StringBuilder("method,epi,epi_se,best_k\n");
        out.printf(Locale.ROOT, "%-40s %18s %7s%n", "method", "EPI (+- se)", "best k");
        List<CurvePlot.Series> series = new ArrayList<>();
        for (ExplanatoryPower.Result r : results.values()) {
            table.append(String.format(Locale.ROOT, "%s,%.9g,%.9g,%d%n", AopcRun.csv(r.method()), r.epi(),
                    r.standardError(), r.bestK()));
            out.printf(Locale.ROOT, "%-40s %9.4f +- %-6.4f %7d%n", r.method(), r.epi(), r.standardError(), r.bestK());
            series.add(new CurvePlot.Series(r.method(), r.meanAccuracy(), r.method().equals("random")));
        }
        OutputFile.write(dir.resolve("epi.csv"), o -> o.write(table.toString().getBytes(StandardCharsets.UTF_8)));
        Heatmaps.writePng(CurvePlot.plot(List.of("k-nearest-neighbour accuracy on document vectors"),
                List.of(series), "k, neighbours voting", "accuracy, mean over " + SPLITS + " splits", 1),
                dir.resolve("epi.png"));
    }
}
