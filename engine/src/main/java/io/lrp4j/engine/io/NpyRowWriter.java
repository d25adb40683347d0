package io.lrp4j.engine.io;

import io.lrp4j.engine.ExplainException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Writes a C-ordered {@code .npy} file a block of rows at a time; the header states the final shape up front. */
public final class NpyRowWriter implements AutoCloseable {
    private final Path file;
    private final OutputStream out;
    private final long rows;
    private long written;

    private NpyRowWriter(Path file, OutputStream out, long rows) {
        this.file = file;
        this.out = out;
        this.rows = rows;
    }

    /** Creates the file for an array of the given type (float32 or float64) and final shape. */
    public static NpyRowWriter create(Path file, DataType type, long[] shape) {
        try {
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
            Npy.writeHeader(out, type, shape);
            return new NpyRowWriter(file, out, shape[0]);
        } catch (IOException e) {
            throw new ExplainException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends the next rows. */
    public void append(INDArray block) {
        try {
            Npy.writeData(out, block);
            written += block.size(0);
        } catch (IOException e) {
            throw new ExplainException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new ExplainException("cannot write " + file + ": " + e.getMessage(), e);
        }
        if (written != rows) {
            throw new ExplainException(file + " is incomplete: it holds " + written + " of " + rows + " rows");
        }
    }
}
