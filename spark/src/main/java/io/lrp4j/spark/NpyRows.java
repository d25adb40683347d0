package io.lrp4j.spark;

import io.lrp4j.engine.io.NpyRowReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@code .npy} file's rows as a {@code Dataset} of {@code (id, x)}: {@code id} the row's index, {@code x} its values
 * flattened (floats). Partitions are contiguous ranges of rows, and each task reads only its own range from the file
 * (which every executor must see at the same path), so the driver never holds the rows.
 */
public final class NpyRows {
    /** The column of row indices. */
    public static final String ID = "id";
    /** The column of each row's values. */
    public static final String X = "x";
    /** Rows a task reads from the file at once. */
    private static final int READ_BLOCK = 256;

    private NpyRows() {
    }

    /** The rows of {@code file} in {@code partitions} contiguous ranges. */
    public static Dataset<Row> read(SparkSession spark, Path file, int partitions) {
        long rows;
        try (NpyRowReader reader = NpyRowReader.open(file)) {
            rows = reader.shape()[0];
        }
        StructType schema = new StructType().add(ID, DataTypes.LongType, false)
                .add(X, DataTypes.createArrayType(DataTypes.FloatType, false), false);
        String path = file.toAbsolutePath().toString();
        return spark.range(0, rows, 1, Math.max(1, partitions)).toDF(ID)
                .mapPartitions((MapPartitionsFunction<Row, Row>) ids -> rowsOf(path, ids), Encoders.row(schema));
    }

    /**
     * The rows whose ids {@code ids} gives (contiguous, ascending), read from the file a block at a time as they are
     * asked for: a task holds one block of rows, not its whole range.
     */
    private static Iterator<Row> rowsOf(String path, Iterator<Row> ids) {
        if (!ids.hasNext()) {
            return java.util.Collections.emptyIterator();
        }
        long first = ids.next().getLong(0);
        long last = first;
        while (ids.hasNext()) {
            last = ids.next().getLong(0);
        }
        long end = last + 1;
        return new Iterator<>() {
            private long from = first;
            private final List<Row> block = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < block.size()) {
                    return true;
                }
                if (from >= end) {
                    return false;
                }
                block.clear();
                next = 0;
                int n = (int) Math.min(READ_BLOCK, end - from);
                try (NpyRowReader reader = NpyRowReader.open(Path.of(path))) {
                    INDArray rows = reader.read(from, n).castTo(DataType.FLOAT);
                    float[][] flat = rows.reshape(n, rows.length() / n).toFloatMatrix();
                    for (int r = 0; r < n; r++) {
                        block.add(RowFactory.create(from + r, RowArrays.arrayOf(flat[r])));
                    }
                }
                from += n;
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return block.get(next++);
            }
        };
    }
}
