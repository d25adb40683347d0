package io.lrp4j.engine.io;

import io.lrp4j.engine.ExplainException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1 to 3): little-endian float32, float64, int32 and
 * int64, C or Fortran order on reading, C order on writing. ND4J's own reader ignores {@code fortran_order}, so
 * this one is used instead.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

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
        } catch (NoSuchFileException e) {
            throw new ExplainException(file + " does not exist");
        } catch (IOException e) {
            throw new ExplainException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), bytes);
    }

    static INDArray parse(String name, byte[] bytes) {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new ExplainException(name + " is not a .npy file (it does not start with the NumPy magic bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int major = bytes[6];
        int headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(buf.getShort(8));
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new ExplainException(name + " is truncated inside its header");
            }
            headerLength = buf.getInt(8);
            headerStart = 12;
        } else {
            throw new ExplainException(name + " has .npy format version " + major + ", which is not supported");
        }
        if (headerLength < 0 || headerStart + headerLength > bytes.length) {
            throw new ExplainException(name + " is truncated inside its header");
        }
        String header = new String(bytes, headerStart, headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, name, "descr");
        boolean fortran = group(FORTRAN, header, name, "fortran_order").equals("True");
        long[] shape = parseShape(group(SHAPE, header, name, "shape"), name);
        DataType type = dataType(descr, name);
        long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        int dataStart = headerStart + headerLength;
        long expected = count * type.width();
        if (bytes.length - dataStart < expected) {
            throw new ExplainException(name + " is truncated: its header promises shape " + Arrays.toString(shape)
                    + " (" + expected + " bytes of data) but only " + (bytes.length - dataStart) + " bytes follow");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) expected).slice().order(ByteOrder.LITTLE_ENDIAN);
        char order = fortran ? 'f' : 'c';
        INDArray array = switch (type) {
            case FLOAT -> {
                float[] v = new float[(int) count];
                data.asFloatBuffer().get(v);
                yield Nd4j.create(v, shape, order);
            }
            case DOUBLE -> {
                double[] v = new double[(int) count];
                data.asDoubleBuffer().get(v);
                yield Nd4j.create(v, shape, order);
            }
            case INT -> {
                int[] v = new int[(int) count];
                data.asIntBuffer().get(v);
                yield Nd4j.createFromArray(v).reshape(order, shape);
            }
            default -> {
                long[] v = new long[(int) count];
                data.asLongBuffer().get(v);
                yield Nd4j.createFromArray(v).reshape(order, shape);
            }
        };
        return order == 'c' ? array : array.dup('c');
    }

    private static String group(Pattern p, String header, String name, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new ExplainException(name + " has a corrupt .npy header: no '" + key + "'");
        }
        return m.group(1);
    }

    private static long[] parseShape(String text, String name) {
        String[] parts = text.split(",");
        long[] shape = Arrays.stream(parts).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(s -> {
            try {
                long v = Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
                if (v < 0) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw new ExplainException(name + " has a corrupt .npy header: bad shape (" + text + ")");
            }
        }).toArray();
        if (shape.length == 0) {
            throw new ExplainException(name + " holds a scalar; an array with a batch dimension is needed");
        }
        return shape;
    }

    private static DataType dataType(String descr, String name) {
        if (descr.startsWith(">")) {
            throw new ExplainException(name + " is big-endian (" + descr + "); save it little-endian");
        }
        String t = descr.replaceFirst("^[<|=]", "");
        return switch (t) {
            case "f4" -> DataType.FLOAT;
            case "f8" -> DataType.DOUBLE;
            case "i4" -> DataType.INT;
            case "i8" -> DataType.LONG;
            default -> throw new ExplainException(name + " holds " + descr
                    + " values; supported are float32, float64, int32 and int64");
        };
    }

    /**
     * Writes an array in C order, as float32 or float64 after its own type (other types as float64).
     *
     * @throws ExplainException when the file cannot be written
     */
    public static void write(Path file, INDArray array) {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, array);
        } catch (IOException e) {
            throw new ExplainException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes an array in C order to a stream. */
    public static void write(OutputStream out, INDArray array) throws IOException {
        boolean single = array.dataType() == DataType.FLOAT;
        INDArray c = array.dup('c');
        String shape = Arrays.stream(c.shape()).mapToObj(Long::toString)
                .reduce((a, b) -> a + ", " + b).orElse("");
        if (c.rank() == 1) {
            shape += ",";
        }
        String dict = "{'descr': '" + (single ? "<f4" : "<f8") + "', 'fortran_order': False, 'shape': (" + shape
                + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.write(head.array());
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer data = ByteBuffer.allocate((int) (c.length() * (single ? 4 : 8))).order(ByteOrder.LITTLE_ENDIAN);
        if (single) {
            data.asFloatBuffer().put(c.data().asFloat());
        } else {
            data.asDoubleBuffer().put(c.castTo(DataType.DOUBLE).data().asDouble());
        }
        out.write(data.array());
    }
}
