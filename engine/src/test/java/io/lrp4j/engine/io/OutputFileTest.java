package io.lrp4j.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.ExplainException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class OutputFileTest {
    @TempDir
    Path tmp;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aCommittedFileReplacesTheTargetWhole() throws Exception {
        Path target = Files.writeString(tmp.resolve("r.npy"), "before");
        OutputFile.write(target, out -> out.write("after".getBytes()));
        assertEquals("after", Files.readString(target));
        assertEquals(List.of(target), files(), "no partial file left beside it");
    }

    @Test
    void aNewFileGetsTheUsualPermissionsAndAReplacedOneKeepsItsOwn() throws Exception {
        Path fresh = tmp.resolve("fresh.npy");
        OutputFile.write(fresh, out -> out.write(1));
        Path plain = Files.writeString(tmp.resolve("plain.txt"), "made the ordinary way");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(fresh),
                "not the owner-only permissions of a temporary file");
        Path shared = Files.writeString(tmp.resolve("shared.npy"), "before");
        java.util.Set<java.nio.file.attribute.PosixFilePermission> mode =
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--");
        Files.setPosixFilePermissions(shared, mode);
        OutputFile.write(shared, out -> out.write(2));
        assertEquals(mode, Files.getPosixFilePermissions(shared));
    }

    @Test
    void aFailedWriteLeavesTheTargetAsItWasAndNoPartialFile() throws Exception {
        Path target = Files.writeString(tmp.resolve("r.npy"), "before");
        ExplainException e = assertThrows(ExplainException.class, () -> OutputFile.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("No space left on device");
        }));
        assertEquals("cannot write " + target + ": disk full", e.getMessage());
        assertEquals("before", Files.readString(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void anAbandonedFileLeavesTheTargetAsItWas() throws Exception {
        Path target = Files.writeString(tmp.resolve("r.npy"), "before");
        OutputFile file = OutputFile.create(target);
        file.stream().write(new byte[10]);
        assertEquals(2, files().size(), "the partial file sits beside the target while it is written");
        assertEquals(List.of(target), OutputFile.abandonAll());
        assertEquals(List.of(target), files());
        assertThrows(ExplainException.class, file::commit, "an abandoned file is never put in place");
        assertEquals("before", Files.readString(target));
    }

    @Test
    void anIncompleteRowFileIsNotWritten() throws Exception {
        Path target = Files.writeString(tmp.resolve("r.npy"), "before");
        ExplainException e = assertThrows(ExplainException.class, () -> {
            try (NpyRowWriter w = NpyRowWriter.create(target, DataType.FLOAT, new long[] {4, 2})) {
                w.append(Nd4j.ones(DataType.FLOAT, 2, 2));
            }
        });
        assertTrue(e.getMessage().contains("only 2 of 4 rows"), e.getMessage());
        assertEquals("before", Files.readString(target));
        try (NpyRowWriter w = NpyRowWriter.create(target, DataType.FLOAT, new long[] {2, 2})) {
            w.append(Nd4j.ones(DataType.FLOAT, 2, 2));
        }
        assertArrayEquals(new float[] {1, 1, 1, 1}, Npy.read(target).data().asFloat());
        assertEquals(List.of(target), files());
    }

    @Test
    void reasonsNameTheCauseNotThePathTwice() throws Exception {
        Path missing = tmp.resolve("no/such/r.npy");
        assertEquals("cannot write " + missing + ": no such directory " + tmp.resolve("no/such"),
                assertThrows(ExplainException.class, () -> OutputFile.create(missing)).getMessage());
        assertEquals("cannot write " + tmp + ": is a directory",
                assertThrows(ExplainException.class, () -> OutputFile.create(tmp)).getMessage());
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertEquals("cannot write " + file.resolve("r.npy") + ": a part of the path is not a directory",
                assertThrows(ExplainException.class, () -> OutputFile.create(file.resolve("r.npy"))).getMessage());
    }
}
