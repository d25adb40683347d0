package io.lrp4j.engine.io;

import io.lrp4j.engine.ExplainException;
import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes a C-ordered {@code .npy} file a block of rows at a time; the header states the final shape up front. The
 * file appears under its name only once every row is written ({@link OutputFile}): closed early, by an error or an
 * interrupted run, it leaves what the name held before.
 */
public final class NpyRowWriter implements AutoCloseable {
    private final OutputFile file;
    private final long rows;
    private long written;

    private NpyRowWriter(OutputFile file, long rows) {
        this.file = file;
        this.rows = rows;
    }

    /** Starts the file for an array of the given type (float32 or float64) and final shape. */
    public static NpyRowWriter create(Path path, DataType type, long[] shape) {
        OutputFile file = OutputFile.create(path);
        try {
            Npy.writeHeader(file.stream(), type, shape);
            return new NpyRowWriter(file, shape[0]);
        } catch (IOException e) {
            file.close();
            throw file.failure(e);
        }
    }

    /** Appends the next rows. */
    public void append(INDArray block) {
        try {
            Npy.writeData(file.stream(), block);
            written += block.size(0);
        } catch (IOException e) {
            throw file.failure(e);
        }
    }

    /**
     * Puts the file in place when every row was written.
     *
     * @throws ExplainException when rows are missing (the file is then not written) or the file cannot be finished
     */
    @Override
    public void close() {
        if (written != rows) {
            file.close();
            throw new ExplainException(file.target() + " was not written: only " + written + " of " + rows
                    + " rows were explained");
        }
        file.commit();
    }
}
