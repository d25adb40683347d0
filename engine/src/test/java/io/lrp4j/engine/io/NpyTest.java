package io.lrp4j.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.ExplainException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NpyTest {
    @TempDir
    Path tmp;

    /** A hand-made .npy file, independent of the writer under test. */
    static byte[] npy(String descr, boolean fortran, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': ("
                + shape + "), }\n";
        ByteBuffer b = ByteBuffer.allocate(10 + dict.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) dict.length());
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return b.array();
    }

    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    @Test
    void readsCAndFortranOrder() {
        INDArray c = Npy.parse("c", npy("<f4", false, "2, 3", floats(1, 2, 3, 4, 5, 6)));
        assertEquals(Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}}), c);
        INDArray f = Npy.parse("f", npy("<f4", true, "2, 3", floats(1, 4, 2, 5, 3, 6)));
        assertEquals(c, f);
    }

    @Test
    void roundTripsFloatAndDouble() throws Exception {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = Nd4j.rand(type, 2, 1, 3, 4);
            Path p = tmp.resolve(type + ".npy");
            Npy.write(p, a);
            INDArray back = Npy.read(p);
            assertEquals(type, back.dataType());
            assertEquals(a, back);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Npy.write(out, a);
            int headerEnd = 10 + (Short.toUnsignedInt(ByteBuffer.wrap(out.toByteArray(), 8, 2)
                    .order(ByteOrder.LITTLE_ENDIAN).getShort()));
            assertEquals(0, headerEnd % 64, "data is 64-byte aligned as NumPy writes it");
        }
    }

    @Test
    void corruptFilesGiveOneClearLine() throws Exception {
        assertTrue(error(new byte[] {1, 2, 3}).contains("is not a .npy file"));
        assertTrue(error(npy("<f4", false, "2, 3", floats(1, 2, 3))).contains("is truncated"));
        assertTrue(error(Arrays.copyOf(npy("<f4", false, "2, 3", floats(1, 2, 3, 4, 5, 6)), 30))
                .contains("truncated inside its header"));
        assertTrue(error(npy("<c16", false, "2,", new byte[32])).contains("supported are float32"));
        assertTrue(error(npy(">f4", false, "2,", new byte[8])).contains("big-endian"));
        assertTrue(error(npy("<f4", false, "a, b", new byte[8])).contains("bad shape"));
        Path missing = tmp.resolve("missing.npy");
        assertEquals("cannot read " + missing + ": no such file",
                assertThrows(ExplainException.class, () -> Npy.read(missing)).getMessage());
        assertEquals("cannot read " + tmp + ": is a directory",
                assertThrows(ExplainException.class, () -> Npy.read(tmp)).getMessage());
        Files.write(tmp.resolve("x"), new byte[0]);
    }

    private static String error(byte[] bytes) {
        return assertThrows(ExplainException.class, () -> Npy.parse("x.npy", bytes)).getMessage();
    }
}
