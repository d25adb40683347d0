package io.lrp4j.engine.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.ExplainException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
    @TempDir
    Path tmp;

    String error(Path p) {
        return assertThrows(ExplainException.class, () -> ModelFiles.load(p)).getMessage();
    }

    @Test
    void missingCorruptAndForeignFilesAreNamed() throws Exception {
        assertTrue(error(tmp.resolve("none.zip")).endsWith("none.zip: no such file"));
        assertTrue(error(tmp.resolve("no/none.zip")).endsWith("none.zip: no such directory " + tmp.resolve("no")));
        assertTrue(error(tmp).endsWith(": is a directory"));
        Path text = tmp.resolve("text.zip");
        Files.writeString(text, "hello");
        assertTrue(error(text).contains("is not a DL4J model zip"), error(text));
        Path foreign = tmp.resolve("foreign.zip");
        zip(foreign, "readme.txt", "hi");
        assertTrue(error(foreign).contains("not a DL4J model"), error(foreign));
        Path graph = tmp.resolve("graph.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(graph))) {
            put(z, "configuration.json", "{\"vertices\": {}}");
            put(z, "coefficients.bin", "");
        }
        assertTrue(error(graph).contains("is a corrupt DL4J model"), error(graph));
        Path broken = tmp.resolve("broken.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(broken))) {
            put(z, "configuration.json", "{not json");
            put(z, "coefficients.bin", "xx");
        }
        assertTrue(error(broken).contains("is a corrupt DL4J model"), error(broken));
    }

    static void zip(Path p, String name, String content) throws Exception {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            put(z, name, content);
        }
    }

    static void put(ZipOutputStream z, String name, String content) throws Exception {
        z.putNextEntry(new ZipEntry(name));
        OutputStream o = z;
        o.write(content.getBytes());
        z.closeEntry();
    }
}
