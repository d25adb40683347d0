package io.lrp4j.engine.io;

import io.lrp4j.engine.ExplainException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads a C-ordered {@code .npy} file a block of rows at a time, so inputs far larger than memory can be explained.
 */
public final class NpyRowReader implements AutoCloseable {
    private final String name;
    private final FileChannel channel;
    private final NpyHeader header;
    private final long rowValues;

    private NpyRowReader(String name, FileChannel channel, NpyHeader header) {
        this.name = name;
        this.channel = channel;
        this.header = header;
        this.rowValues = header.count() / Math.max(1, header.shape()[0]);
    }

    /**
     * Opens a file and checks its header and length.
     *
     * @throws ExplainException when the file is missing, corrupt, truncated or Fortran-ordered
     */
    public static NpyRowReader open(Path file) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(channel.size(), 1 << 20));
            channel.read(head, 0);
            NpyHeader h = NpyHeader.parse(file.toString(), Arrays.copyOf(head.array(), head.position()));
            if (h.fortran()) {
                throw new ExplainException(file + " is in Fortran order, which cannot be read in blocks of rows;"
                        + " save it C-ordered or leave out --batch-size");
            }
            long need = h.dataOffset() + h.count() * h.type().width();
            if (channel.size() < need) {
                throw new ExplainException(file + " is truncated: its header promises shape "
                        + Arrays.toString(h.shape()) + " but the file ends " + (need - channel.size())
                        + " bytes early");
            }
            return new NpyRowReader(file.toString(), channel, h);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ExplainException("cannot read " + file + ": " + IoReasons.of(e, file), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // Already failing; the first error is the one to report.
        }
    }

    /** The whole array's shape. */
    public long[] shape() {
        return header.shape().clone();
    }

    /** The value type in the file. */
    public DataType type() {
        return header.type();
    }

    /** Rows {@code [from, from + count)}. */
    public INDArray read(long from, int count) {
        long[] shape = shape();
        shape[0] = count;
        long width = header.type().width();
        ByteBuffer data = ByteBuffer.allocate((int) (count * rowValues * width)).order(ByteOrder.LITTLE_ENDIAN);
        try {
            long position = header.dataOffset() + from * rowValues * width;
            while (data.hasRemaining()) {
                if (channel.read(data, position + data.position()) < 0) {
                    throw new ExplainException(name + " ended while reading rows " + from + " to " + (from + count));
                }
            }
        } catch (IOException e) {
            throw new ExplainException("cannot read " + name + ": " + IoReasons.of(e, Path.of(name)), e);
        }
        data.flip();
        return Npy.decode(data, header.type(), shape, 'c');
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }
}
