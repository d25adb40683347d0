package io.lrp4j.engine.io;

import io.lrp4j.engine.ExplainException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;

/**
 * Keras 2 {@code .h5} model files (what {@code model.save} writes), imported with DL4J's own Keras importer: a
 * {@code Sequential} model becomes a {@code MultiLayerNetwork}, a functional one a {@code ComputationGraph}. The file
 * is only read. Training settings are not enforced: only the network is explained.
 */
public final class KerasFiles {
    /** The eight bytes every HDF5 file starts with. */
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private KerasFiles() {
    }

    /** Whether the file starts as an HDF5 file does; false for anything unreadable. */
    public static boolean isHdf5(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(SIGNATURE.length), SIGNATURE);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Imports a Keras model file.
     *
     * @throws ExplainException for a file that is not HDF5, an HDF5 file without a Keras model, or a model DL4J's
     *     importer cannot read (its message, first line)
     */
    public static Model load(Path file) {
        if (!isHdf5(file)) {
            throw new ExplainException(file + " is not a Keras .h5 file (it does not start as HDF5 files do)");
        }
        boolean sequential;
        try (Hdf5Archive archive = new Hdf5Archive(file.toString())) {
            if (!archive.hasAttribute("model_config")) {
                throw new ExplainException(file + " is an HDF5 file without a Keras model (no model_config attribute):"
                        + " save the whole model with model.save(...), not only its weights");
            }
            sequential = archive.readAttributeAsJson("model_config").replace(" ", "")
                    .contains("\"class_name\":\"Sequential\"");
        } catch (ExplainException e) {
            throw e;
        } catch (UnsupportedKerasConfigurationException | RuntimeException e) {
            throw new ExplainException(file + " is not a Keras model file DL4J can read: " + firstLine(e), e);
        }
        try {
            return sequential ? KerasModelImport.importKerasSequentialModelAndWeights(file.toString(), false)
                    : KerasModelImport.importKerasModelAndWeights(file.toString(), false);
        } catch (UnsupportedKerasConfigurationException e) {
            throw new ExplainException(file + ": DL4J's Keras importer does not support this model: " + firstLine(e),
                    e);
        } catch (InvalidKerasConfigurationException | IOException | RuntimeException e) {
            throw new ExplainException(file + " is not a Keras model DL4J can import: " + firstLine(e), e);
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
