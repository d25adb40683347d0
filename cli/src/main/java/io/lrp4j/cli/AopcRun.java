package io.lrp4j.cli;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.Explanation;
import io.lrp4j.engine.Target;
import io.lrp4j.engine.evaluation.Order;
import io.lrp4j.engine.evaluation.PerturbationCurve;
import io.lrp4j.engine.evaluation.RegionPerturbation;
import io.lrp4j.engine.heatmap.CurvePlot;
import io.lrp4j.engine.heatmap.Heatmaps;
import io.lrp4j.engine.io.OutputFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One region-perturbation comparison, as {@code ./lrp evaluate} and the image demo run it: every method explained
 * once and perturbed with the same replacement values, then random orderings; and its files ({@code aopc.csv},
 * {@code curves.csv}, {@code curves.png}) with the table printed.
 */
public final class AopcRun {
    private AopcRun() {
    }

    /**
     * The curves of every method, MoRF and LeRF each, then the random ordering's.
     *
     * @param names the methods' names, in the order of {@code explainers}
     * @param x the rows, in the model's data type; only read
     * @param replacement what perturbed values become, {@code x}'s shape
     * @param regions the number of regions of a row
     * @param seeds random orderings averaged into the baseline
     * @param done told each method's name and explanation once it is evaluated; the explanation is closed after
     */
    public static List<PerturbationCurve> curves(List<String> names, List<Explainer> explainers, INDArray x,
            Target target, RegionPerturbation perturbation, INDArray replacement, long regions, int seeds,
            BiConsumer<String, Explanation> done) {
        List<PerturbationCurve> curves = new ArrayList<>();
        INDArray targets = null;
        for (int i = 0; i < explainers.size(); i++) {
            try (Explanation e = explainers.get(i).explain(x, target)) {
                // Every method explains the same targets; the first one's are followed.
                targets = targets == null ? e.targets().dup() : targets;
                INDArray scores = perturbation.regionRelevance(e.relevance());
                for (Order order : Order.values()) {
                    curves.add(perturbation.curve(names.get(i), order, x, replacement, targets, scores));
                }
                done.accept(names.get(i), e);
            }
        }
        for (Order order : Order.values()) {
            curves.add(perturbation.randomCurve(order, x, replacement, targets, regions, seeds, 1));
        }
        return curves;
    }

    /** Writes {@code dir/aopc.csv}, {@code dir/curves.csv} and {@code dir/curves.png}, and prints the table. */
    public static void write(Path dir, List<PerturbationCurve> curves, PrintWriter out) {
        write(dir, curves, "perturbation steps", out);
    }

    /** As {@link #write(Path, List, PrintWriter)}, with the plot's steps labelled {@code stepLabel}. */
    public static void write(Path dir, List<PerturbationCurve> curves, String stepLabel, PrintWriter out) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ExplainException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        StringBuilder table = new StringBuilder("method,aopc_morf,aopc_morf_se,aopc_lerf,aopc_lerf_se\n");
        StringBuilder raw = new StringBuilder("method,order,step,mean_score\n");
        for (PerturbationCurve c : curves) {
            for (int k = 0; k < c.meanScore().length; k++) {
                raw.append(String.format(Locale.ROOT, "%s,%s,%d,%.9g%n", csv(c.method()), c.order().name(), k,
                        c.meanScore()[k]));
            }
        }
        out.printf(Locale.ROOT, "%-40s %18s %18s%n", "method", "AOPC MoRF (+- se)", "AOPC LeRF (+- se)");
        List<CurvePlot.Series> morf = new ArrayList<>();
        List<CurvePlot.Series> lerf = new ArrayList<>();
        for (String name : PerturbationCurve.methods(curves)) {
            PerturbationCurve m = PerturbationCurve.find(curves, name, Order.MORF);
            PerturbationCurve l = PerturbationCurve.find(curves, name, Order.LERF);
            table.append(String.format(Locale.ROOT, "%s,%.9g,%.9g,%.9g,%.9g%n", csv(name), m.aopc(),
                    m.standardError(), l.aopc(), l.standardError()));
            out.printf(Locale.ROOT, "%-40s %9.4f +- %-6.4f %9.4f +- %-6.4f%n", name, m.aopc(), m.standardError(),
                    l.aopc(), l.standardError());
            boolean baseline = name.equals("random");
            morf.add(new CurvePlot.Series(name, m.meanScore(), baseline));
            lerf.add(new CurvePlot.Series(name, l.meanScore(), baseline));
        }
        OutputFile.write(dir.resolve("aopc.csv"), o -> o.write(table.toString().getBytes(StandardCharsets.UTF_8)));
        OutputFile.write(dir.resolve("curves.csv"), o -> o.write(raw.toString().getBytes(StandardCharsets.UTF_8)));
        Heatmaps.writePng(CurvePlot.plot(List.of("most relevant first (MoRF)", "least relevant first (LeRF)"),
                List.of(morf, lerf), stepLabel, "target score, mean over rows"), dir.resolve("curves.png"));
    }

    /** A CSV field: quoted when it holds a comma or a quote. */
    static String csv(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }
}
