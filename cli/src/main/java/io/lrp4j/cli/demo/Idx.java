package io.lrp4j.cli.demo;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.io.IoReasons;
import io.lrp4j.engine.io.Npy;
import io.lrp4j.engine.io.OutputFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The IDX format of (Fashion-)MNIST: unsigned bytes with a big-endian header, plain or gzip-compressed. Images
 * become float32 {@code [N, 1, rows, cols]} scaled to {@code [0, 1]}; labels become INT64 {@code [N]}.
 */
public final class Idx {
    private static final int IMAGES = 0x00000803;
    private static final int LABELS = 0x00000801;

    private Idx() {
    }

    /** Reads an image file; {@code limit} caps the number of images read (0 for all). */
    public static INDArray readImages(Path file, int limit) {
        return readImages(file.toString(), bytes(file), limit);
    }

    /** Reads a label file; {@code limit} caps the number of labels read (0 for all). */
    public static INDArray readLabels(Path file, int limit) {
        return readLabels(file.toString(), bytes(file), limit);
    }

    static INDArray readImages(String name, byte[] raw, int limit) {
        ByteBuffer b = ByteBuffer.wrap(unzip(name, raw));
        header(name, b, IMAGES, 16);
        int count = b.getInt(4);
        int rows = b.getInt(8);
        int cols = b.getInt(12);
        int n = limit > 0 ? Math.min(limit, count) : count;
        long need = 16L + (long) n * rows * cols;
        if (b.capacity() < need) {
            throw new ExplainException(name + " is truncated: its header promises " + count + " images of " + rows
                    + "x" + cols + " but the data ends after " + (b.capacity() - 16) + " bytes");
        }
        return unsigned(b.array(), 16, (long) n * rows * cols).reshape(n, 1, rows, cols).divi(255.0);
    }

    static INDArray readLabels(String name, byte[] raw, int limit) {
        ByteBuffer b = ByteBuffer.wrap(unzip(name, raw));
        header(name, b, LABELS, 8);
        int count = b.getInt(4);
        int n = limit > 0 ? Math.min(limit, count) : count;
        if (b.capacity() < 8L + n) {
            throw new ExplainException(name + " is truncated: its header promises " + count
                    + " labels but the data ends after " + (b.capacity() - 8) + " bytes");
        }
        return unsigned(b.array(), 8, n).castTo(DataType.INT64);
    }

    /** Writes images ({@code [N, 1, rows, cols]} in {@code [0, 1]}) as a gzip-compressed IDX file. */
    public static void writeImages(Path file, INDArray images) {
        long n = images.size(0);
        int rows = (int) images.size(2);
        int cols = (int) images.size(3);
        ByteBuffer head = ByteBuffer.allocate(16).putInt(IMAGES).putInt((int) n).putInt(rows).putInt(cols);
        write(file, head.array(), Nd4jBytes.of(images.mul(255.0)));
    }

    /** Writes labels as a gzip-compressed IDX file. */
    public static void writeLabels(Path file, INDArray labels) {
        ByteBuffer head = ByteBuffer.allocate(8).putInt(LABELS).putInt((int) labels.length());
        write(file, head.array(), Nd4jBytes.of(labels));
    }

    private static void write(Path file, byte[] head, byte[] data) {
        OutputFile.write(file, stream -> {
            try (OutputStream out = new GZIPOutputStream(stream)) {
                out.write(head);
                out.write(data);
            }
        });
    }

    private static void header(String name, ByteBuffer b, int magic, int length) {
        if (b.capacity() < length) {
            throw new ExplainException(name + " is truncated inside its IDX header");
        }
        if (b.getInt(0) != magic) {
            throw new ExplainException(name + " is not an IDX " + (magic == IMAGES ? "image" : "label")
                    + " file (magic number " + Integer.toHexString(b.getInt(0)) + ", expected "
                    + Integer.toHexString(magic) + ")");
        }
    }

    private static INDArray unsigned(byte[] data, int offset, long count) {
        byte[] slice = java.util.Arrays.copyOfRange(data, offset, (int) (offset + count));
        return Npy.unsignedBytes(slice, DataType.FLOAT);
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ExplainException("cannot read " + file + ": " + IoReasons.of(e, file), e);
        }
    }

    static byte[] unzip(String name, byte[] raw) {
        if (raw.length < 2 || (raw[0] & 0xff) != 0x1f || (raw[1] & 0xff) != 0x8b) {
            return raw;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (ZipException | java.io.EOFException e) {
            throw new ExplainException(name + " is a corrupt or truncated gzip file: " + e.getMessage());
        } catch (IOException e) {
            throw new ExplainException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** Reads a whole stream, for resources. */
    static byte[] readAll(InputStream in, String name) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ExplainException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }
}
