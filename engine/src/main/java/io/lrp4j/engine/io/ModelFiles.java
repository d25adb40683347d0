package io.lrp4j.engine.io;

import io.lrp4j.engine.ExplainException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Loads DL4J model zips and Keras {@code .h5} files ({@link KerasFiles}), read-only, with one clear error for anything
 * that is neither.
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * Loads a {@code MultiLayerNetwork} written by {@code ModelSerializer}. The file is only read.
     *
     * @throws ExplainException when the file is missing, not a DL4J zip, corrupt, or a ComputationGraph
     */
    public static MultiLayerNetwork load(Path file) {
        Model model = loadAny(file);
        if (model instanceof MultiLayerNetwork net) {
            return net;
        }
        throw new ExplainException(file + " holds a ComputationGraph; this needs a MultiLayerNetwork");
    }

    /**
     * Loads either kind of model {@code ModelSerializer} writes, a {@code MultiLayerNetwork} or a
     * {@code ComputationGraph}, or a Keras {@code .h5} model file (told apart by its first bytes). The file is only
     * read.
     *
     * @throws ExplainException when the file is missing, neither a DL4J zip nor a Keras model, or corrupt
     */
    public static Model loadAny(Path file) {
        if (Files.isDirectory(file)) {
            throw new ExplainException("cannot read model " + file + ": is a directory");
        }
        if (!Files.isRegularFile(file)) {
            throw new ExplainException("cannot read model " + file + ": " + (Files.isDirectory(
                    file.toAbsolutePath().getParent()) ? "no such file" : "no such directory "
                    + file.toAbsolutePath().getParent()));
        }
        if (KerasFiles.isHdf5(file)) {
            return KerasFiles.load(file);
        }
        String configuration;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry("configuration.json");
            if (entry == null || zip.getEntry("coefficients.bin") == null) {
                throw new ExplainException(file + " is a zip but not a DL4J model (no configuration.json and "
                        + "coefficients.bin); write models with ModelSerializer.writeModel");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                configuration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new ExplainException(Files.isReadable(file) ? file + " is not a DL4J model zip or a Keras .h5 file (" + e.getMessage()
                    + ")" : "cannot read model " + file + ": " + IoReasons.of(e, file), e);
        }
        try {
            return configuration.contains("\"vertices\"") ? ModelSerializer.restoreComputationGraph(file.toFile(), false)
                    : ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw new ExplainException(file + " is a corrupt DL4J model: " + e.getMessage(), e);
        }
    }
}
