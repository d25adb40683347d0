package io.lrp4j.spark;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.io.Npy;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A float32 {@code .npy} file of relevance that tasks fill side by side, each block of rows at its own offset: the
 * driver lays out the header and the file's full length under a temporary name beside the target, tasks write their
 * rows (a retried task writes the same bytes to the same place again), and the driver moves the file into place once
 * the job has succeeded. Every task must see the file at the same path, as it sees the {@code .npy} input.
 */
final class NpyRelevanceFile {
    private NpyRelevanceFile() {
    }

    /** The temporary file beside {@code out} that tasks write into. */
    static Path partial(Path out) {
        return out.resolveSibling(out.getFileName() + ".lrp4j-partial");
    }

    /** Lays out {@code partial(out)}: the header and room for every row. Returns the header's length. */
    static long prepare(Path out, long[] shape) {
        byte[] header = Npy.header(DataType.FLOAT, shape);
        long values = 1;
        for (long d : shape) {
            values *= d;
        }
        try (RandomAccessFile file = new RandomAccessFile(partial(out).toFile(), "rw")) {
            file.setLength(0);
            file.write(header);
            file.setLength(header.length + values * Float.BYTES);
        } catch (IOException e) {
            throw new ExplainException("cannot write " + partial(out) + ": " + e.getMessage(), e);
        }
        return header.length;
    }

    /** Writes rows {@code [first, first + block.size(0))} of relevance at their place; called by tasks. */
    static void write(String partial, long headerLength, long first, INDArray block) {
        INDArray c = block.castTo(DataType.FLOAT).dup('c');
        ByteBuffer bytes = ByteBuffer.allocate((int) (c.length() * Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(c.data().asFloat());
        long rowBytes = c.length() / c.size(0) * Float.BYTES;
        try (FileChannel channel = FileChannel.open(Path.of(partial), StandardOpenOption.WRITE)) {
            long at = headerLength + first * rowBytes;
            while (bytes.hasRemaining()) {
                at += channel.write(bytes, at);
            }
        } catch (IOException e) {
            throw new ExplainException("cannot write rows " + first + " to " + (first + c.size(0) - 1) + " of "
                    + partial + ": " + e.getMessage(), e);
        }
    }

    /** Puts the finished file in place of {@code out}. */
    static void commit(Path out) {
        try {
            Files.move(partial(out), out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ExplainException("cannot move " + partial(out) + " to " + out + ": " + e.getMessage(), e);
        }
    }

    /** Removes the temporary file of a job that failed. */
    static void abandon(Path out) {
        try {
            Files.deleteIfExists(partial(out));
        } catch (IOException ignored) {
            // Named after the target: the next run overwrites it.
        }
    }
}
