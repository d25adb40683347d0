package io.lrp4j.engine.io;

import io.lrp4j.engine.ExplainException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1 to 3): little-endian float32, float64, int32, int64
 * and uint8, C or Fortran order on reading; float32 or float64 in C order on writing. ND4J's own reader ignores {@code fortran_order}, so
 * this one is used instead.
 */
public final class Npy {

    private Npy() {
    }

    /**
     * Reads an array.
     *
     * @throws ExplainException when the file is missing, not a .npy file, truncated, or of an unsupported type
     */
    public static INDArray read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ExplainException("cannot read " + file + ": " + IoReasons.of(e, file), e);
        }
        return parse(file.toString(), bytes);
    }

    /**
     * Reads an array from the bytes of a {@code .npy} file, such as a resource; {@code name} is what errors call it.
     *
     * @throws ExplainException when the bytes are not a .npy file, are truncated, or of an unsupported type
     */
    public static INDArray parse(String name, byte[] bytes) {
        NpyHeader h = NpyHeader.parse(name, bytes);
        long expected = h.count() * h.type().width();
        if (bytes.length - h.dataOffset() < expected) {
            throw new ExplainException(name + " is truncated: its header promises shape " + Arrays.toString(h.shape())
                    + " (" + expected + " bytes of data) but only " + (bytes.length - h.dataOffset()) + " bytes follow");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, h.dataOffset(), (int) expected).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        return decode(data, h.type(), h.shape(), h.fortran() ? 'f' : 'c');
    }

    /** Decodes little-endian values into an array of the given shape and order, returned in C order. */
    static INDArray decode(ByteBuffer data, DataType type, long[] shape, char order) {
        int count = (int) Arrays.stream(shape).reduce(1, Math::multiplyExact);
        INDArray array = switch (type) {
            case FLOAT -> {
                float[] v = new float[count];
                data.asFloatBuffer().get(v);
                yield Nd4j.create(v, shape, order);
            }
            case DOUBLE -> {
                double[] v = new double[count];
                data.asDoubleBuffer().get(v);
                yield Nd4j.create(v, shape, order);
            }
            case UBYTE -> {
                byte[] raw = new byte[count];
                data.get(raw);
                yield unsignedBytes(raw, DataType.INT32).reshape(order, shape).castTo(DataType.UINT8);
            }
            case INT -> {
                int[] v = new int[count];
                data.asIntBuffer().get(v);
                yield Nd4j.createFromArray(v).reshape(order, shape);
            }
            default -> {
                long[] v = new long[count];
                data.asLongBuffer().get(v);
                yield Nd4j.createFromArray(v).reshape(order, shape);
            }
        };
        return order == 'c' ? array : array.dup('c');
    }

    /**
     * Bytes read as unsigned values 0 to 255 in an array of {@code type}: Java's bytes are signed, so those from 128
     * up are shifted up by 256.
     */
    public static INDArray unsignedBytes(byte[] bytes, DataType type) {
        INDArray signed = Nd4j.createFromArray(bytes).castTo(type);
        return signed.addi(signed.lt(0).castTo(type).muli(256));
    }

    /**
     * Writes an array in C order, as float32 or float64 after its own type (other types as float64). The file is
     * replaced whole or not at all ({@link OutputFile}).
     *
     * @throws ExplainException when the file cannot be written
     */
    public static void write(Path file, INDArray array) {
        OutputFile.write(file, out -> write(out, array));
    }

    /** Writes an array in C order to a stream. */
    public static void write(OutputStream out, INDArray array) throws IOException {
        writeHeader(out, array.dataType(), array.shape());
        writeData(out, array);
    }

    /**
     * The header bytes of a C-ordered file of float32 ({@link DataType#FLOAT}) or float64 (anything else) values, for
     * a writer that places the values itself (the Spark job's tasks, each at its rows' offset).
     */
    public static byte[] header(DataType type, long[] shape) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            writeHeader(bytes, type, shape);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return bytes.toByteArray();
    }

    /** The header of a C-ordered file of float32 ({@link DataType#FLOAT}) or float64 (anything else) values. */
    static void writeHeader(OutputStream out, DataType type, long[] shape) throws IOException {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).reduce((a, b) -> a + ", " + b).orElse("");
        if (shape.length == 1) {
            dims += ",";
        }
        String dict = "{'descr': '" + (type == DataType.FLOAT ? "<f4" : "<f8") + "', 'fortran_order': False, "
                + "'shape': (" + dims + "), }";
        int unpadded = NpyHeader.MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        head.put(NpyHeader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.write(head.array());
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The values of an array in C order, float32 for FLOAT arrays, float64 otherwise. */
    static void writeData(OutputStream out, INDArray array) throws IOException {
        boolean single = array.dataType() == DataType.FLOAT;
        INDArray c = array.dup('c');
        ByteBuffer data = ByteBuffer.allocate((int) (c.length() * (single ? 4 : 8))).order(ByteOrder.LITTLE_ENDIAN);
        if (single) {
            data.asFloatBuffer().put(c.data().asFloat());
        } else {
            data.asDoubleBuffer().put(c.castTo(DataType.DOUBLE).data().asDouble());
        }
        out.write(data.array());
    }
}
