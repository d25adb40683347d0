package io.lrp4j.engine.io;

import io.lrp4j.engine.ExplainException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The header of a {@code .npy} file.
 *
 * @param type the value type
 * @param fortran whether the values are in Fortran order
 * @param shape the array's shape
 * @param dataOffset where the values start
 */
record NpyHeader(DataType type, boolean fortran, long[] shape, int dataOffset) {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** How many values the array holds. */
    long count() {
        return Arrays.stream(shape).reduce(1, Math::multiplyExact);
    }

    /** Reads the header from the first bytes of a file (the whole header must be there). */
    static NpyHeader parse(String name, byte[] bytes) {
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
        return new NpyHeader(dataType(descr, name), fortran, shape, headerStart + headerLength);
    }

    private static String group(Pattern p, String header, String name, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new ExplainException(name + " has a corrupt .npy header: no '" + key + "'");
        }
        return m.group(1);
    }

    private static long[] parseShape(String text, String name) {
        long[] shape = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(s -> {
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
        return switch (descr.replaceFirst("^[<|=]", "")) {
            case "f4" -> DataType.FLOAT;
            case "f8" -> DataType.DOUBLE;
            case "i4" -> DataType.INT32;
            case "i8" -> DataType.INT64;
            case "u1" -> DataType.UINT8;
            default -> throw new ExplainException(name + " holds " + descr
                    + " values; supported are float32, float64, int32, int64 and uint8");
        };
    }
}
