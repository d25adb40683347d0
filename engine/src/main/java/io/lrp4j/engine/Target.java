package io.lrp4j.engine;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Which class each row explains: its argmax, one class for all rows, or one class per row. */
public final class Target {
    private final long single;
    private final long[] perRow;

    private Target(long single, long[] perRow) {
        this.single = single;
        this.perRow = perRow;
    }

    /** Each row's highest-scoring class. */
    public static Target argmax() {
        return new Target(-1, null);
    }

    /** The same class for every row. */
    public static Target index(long classIndex) {
        if (classIndex < 0) {
            throw new ExplainException("target class must be 0 or more, got " + classIndex);
        }
        return new Target(classIndex, null);
    }

    /** One class per row. */
    public static Target perRow(long... classes) {
        return new Target(-1, classes.clone());
    }

    /**
     * {@code argmax} or a class index, as typed on the command line.
     *
     * @throws ExplainException for anything else
     */
    public static Target parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("argmax")) {
            return argmax();
        }
        try {
            return index(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new ExplainException("--target takes 'argmax' or a class index, got '" + text + "'");
        }
    }

    /**
     * The class of each row, as a {@code [batch]} INT64 array.
     *
     * @param scores the pre-softmax scores {@code [batch, classes]}
     * @throws ExplainException when a class is out of range or the per-row list has the wrong length
     */
    INDArray resolve(INDArray scores) {
        long rows = scores.size(0);
        long classes = scores.size(1);
        if (perRow == null && single < 0) {
            return Nd4j.argMax(scores, 1).castTo(DataType.INT64);
        }
        if (perRow == null) {
            checkRange(single, classes);
            return Nd4j.valueArrayOf(new long[] {rows}, single, DataType.INT64);
        }
        if (perRow.length != rows) {
            throw new ExplainException("got " + perRow.length + " targets for " + rows + " input rows");
        }
        long min = Arrays.stream(perRow).min().orElse(0);
        long max = Arrays.stream(perRow).max().orElse(0);
        checkRange(min, classes);
        checkRange(max, classes);
        return Nd4j.createFromArray(perRow);
    }

    private static void checkRange(long target, long classes) {
        if (target < 0 || target >= classes) {
            throw new ExplainException("target class " + target + " is out of range: the model has " + classes
                    + " classes (0 to " + (classes - 1) + ")");
        }
    }
}
