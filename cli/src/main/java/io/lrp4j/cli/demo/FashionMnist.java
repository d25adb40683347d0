package io.lrp4j.cli.demo;

import io.lrp4j.engine.ExplainException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Where Fashion-MNIST lives and what its classes are called. */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the full set. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The class names, by label. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /**
     * Images and labels.
     *
     * @param images {@code [N, 1, 28, 28]} in {@code [0, 1]}
     * @param labels {@code [N]}
     */
    public record Split(INDArray images, INDArray labels) {
    }

    /** The training or test split from a folder with the four IDX files, as the Debian package lays them out. */
    public static Split load(Path dir, boolean train, int limit) {
        String prefix = train ? "train" : "t10k";
        Path images = dir.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labels = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
        if (!Files.isRegularFile(images)) {
            throw new ExplainException("no Fashion-MNIST in " + dir + " (" + images.getFileName() + " is missing);"
                    + " install it with: apt-get install dataset-fashion-mnist");
        }
        Split s = new Split(Idx.readImages(images, limit), Idx.readLabels(labels, limit));
        if (s.images().size(0) != s.labels().length()) {
            throw new ExplainException(dir + " holds " + s.images().size(0) + " images but " + s.labels().length()
                    + " labels");
        }
        return s;
    }
}
