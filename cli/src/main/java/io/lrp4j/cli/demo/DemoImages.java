package io.lrp4j.cli.demo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The images the demo explains: the first image of each class in turn, then the next unused ones, so a dozen
 * covers all ten classes.
 *
 * @param images {@code [N, 1, 28, 28]}
 * @param labels {@code [N]}
 * @param indices where each came from in the source split
 */
public record DemoImages(INDArray images, INDArray labels, int[] indices) {
    /** Picks {@code count} images of as many different classes as there are. */
    public static DemoImages pick(FashionMnist.Split split, int count) {
        long[] labels = split.labels().toLongVector();
        int[] idx = pickIndices(labels, count);
        long n = split.images().size(0);
        INDArray flat = split.images().reshape(n, split.images().length() / n);
        INDArray images = Nd4j.pullRows(flat, 1, idx).reshape(idx.length, 1, split.images().size(2),
                split.images().size(3));
        List<Long> picked = new ArrayList<>();
        for (int i : idx) {
            picked.add(labels[i]);
        }
        return new DemoImages(images, Nd4j.createFromArray(picked.toArray(Long[]::new)), idx);
    }

    /**
     * Up to {@code count} indices: the first item of each class in turn, then the next unused ones, so a dozen covers
     * ten classes.
     */
    public static int[] pickIndices(long[] labels, int count) {
        Set<Integer> chosen = new LinkedHashSet<>();
        Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < labels.length && chosen.size() < count; i++) {
            if (seen.add(labels[i])) {
                chosen.add(i);
            }
        }
        for (int i = 0; i < labels.length && chosen.size() < count; i++) {
            chosen.add(i);
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }
}
