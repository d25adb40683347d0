package io.lrp4j.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.ExplainException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class IdxTest {
    @TempDir
    Path tmp;

    @Test
    void theShippedSubsetIsFashionMnist() {
        FashionMnist.Split s = ShippedDemo.testSubset();
        assertEquals(4, s.images().rank());
        assertEquals(28, s.images().size(2));
        assertEquals(s.images().size(0), s.labels().length());
        assertTrue(s.images().size(0) >= 200, "a few hundred images ship");
        assertTrue(s.images().minNumber().doubleValue() >= 0 && s.images().maxNumber().doubleValue() <= 1);
        assertEquals(1.0, s.images().maxNumber().doubleValue(), 1e-6, "bytes 0..255 map to 0..1");
        long[] labels = s.labels().toLongVector();
        assertEquals(10, Arrays.stream(labels).distinct().count(), "every class is present");
        // The first Fashion-MNIST test image is an ankle boot, the second a pullover.
        assertEquals(9, labels[0]);
        assertEquals(2, labels[1]);
    }

    @Test
    void writingAndReadingRoundTrips() throws Exception {
        FashionMnist.Split s = ShippedDemo.testSubset();
        INDArray few = s.images().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5));
        Path images = tmp.resolve("i.gz");
        Idx.writeImages(images, few);
        assertEquals(few, Idx.readImages(images, 0));
        Path labels = tmp.resolve("l.gz");
        Idx.writeLabels(labels, s.labels().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5)));
        assertEquals(s.labels().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5)), Idx.readLabels(labels, 0));
        assertEquals(2, Idx.readImages(images, 2).size(0), "a limit reads fewer");
    }

    @Test
    void truncatedAndCorruptFilesGiveOneClearLine() throws Exception {
        Path images = tmp.resolve("i.gz");
        Idx.writeImages(images, ShippedDemo.testSubset().images().get(org.nd4j.linalg.indexing.NDArrayIndex
                .interval(0, 3)));
        byte[] raw = Idx.unzip("x", Files.readAllBytes(images));
        assertTrue(error(() -> Idx.readImages("cut", Arrays.copyOf(raw, raw.length - 10), 0))
                .contains("is truncated: its header promises 3 images of 28x28"));
        assertTrue(error(() -> Idx.readImages("head", Arrays.copyOf(raw, 9), 0)).contains("truncated inside"));
        assertTrue(error(() -> Idx.readLabels("labels", raw, 0)).contains("is not an IDX label file"));
        byte[] zipped = Files.readAllBytes(images);
        assertTrue(error(() -> Idx.readImages("gz", Arrays.copyOf(zipped, zipped.length / 2), 0))
                .contains("corrupt or truncated gzip"));
        ByteArrayOutputStream junk = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(junk)) {
            z.write("hello".getBytes());
        }
        assertTrue(error(() -> Idx.readImages("junk", junk.toByteArray(), 0)).contains("truncated inside"));
        assertTrue(error(() -> FashionMnist.load(tmp, true, 0)).contains("apt-get install dataset-fashion-mnist"));
    }

    static String error(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(ExplainException.class, e).getMessage();
    }
}
