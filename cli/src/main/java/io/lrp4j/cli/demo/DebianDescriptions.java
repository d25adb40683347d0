package io.lrp4j.cli.demo;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.io.IoReasons;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The text demo's data: Debian package descriptions (the summary line and the long description, from
 * {@code apt-cache dumpavail}), classified by the package's section. Real text that is available offline on any
 * Debian machine. Words are lower-cased runs of letters and digits; a document is its first {@link #LENGTH} words,
 * padded in front with id 0 so that the last step reads the last word.
 */
public final class DebianDescriptions {
    /** The sections classified: five well-filled, topical ones. */
    public static final List<String> SECTIONS = List.of("games", "science", "sound", "graphics", "net");
    /** Words per document. */
    public static final int LENGTH = 40;
    /** Id 0: padding in front of short documents. */
    public static final String PAD = "<pad>";
    /** Id 1: a word outside the vocabulary. */
    public static final String UNKNOWN = "<unk>";

    private DebianDescriptions() {
    }

    /**
     * One package's description.
     *
     * @param label its section's index in {@link #SECTIONS}
     * @param words its words, in order
     */
    public record Document(int label, List<String> words) {
    }

    /** The descriptions of the packages in {@link #SECTIONS}, in file order, one per package name. */
    public static List<Document> read(Path dumpavail) {
        List<Document> docs = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (BufferedReader in = Files.newBufferedReader(dumpavail, StandardCharsets.UTF_8)) {
            String name = null;
            String section = null;
            StringBuilder text = null;
            boolean inDescription = false;
            for (String line = in.readLine(); ; line = in.readLine()) {
                if (line == null || line.isEmpty()) {
                    if (name != null && section != null && text != null && seen.add(name)) {
                        int label = SECTIONS.indexOf(section.substring(section.lastIndexOf('/') + 1));
                        if (label >= 0) {
                            docs.add(new Document(label, words(text.toString())));
                        }
                    }
                    if (line == null) {
                        break;
                    }
                    name = null;
                    section = null;
                    text = null;
                    inDescription = false;
                } else if (line.startsWith(" ")) {
                    if (inDescription) {
                        text.append(' ').append(line.trim().equals(".") ? "" : line.trim());
                    }
                } else {
                    inDescription = line.startsWith("Description: ");
                    if (inDescription) {
                        text = new StringBuilder(line.substring(13));
                    } else if (line.startsWith("Package: ")) {
                        name = line.substring(9).trim();
                    } else if (line.startsWith("Section: ")) {
                        section = line.substring(9).trim();
                    }
                }
            }
        } catch (IOException e) {
            throw new ExplainException("cannot read " + dumpavail + ": " + IoReasons.of(e, dumpavail), e);
        }
        return docs;
    }

    /** Lower-cased runs of letters and digits, two characters or more. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() >= 2) {
                words.add(w);
            }
        }
        return words;
    }

    /** The vocabulary: padding, unknown, then the {@code size - 2} most frequent words of {@code docs}. */
    public static List<String> vocabulary(List<Document> docs, int size) {
        Map<String, Integer> counts = new HashMap<>();
        for (Document d : docs) {
            d.words().stream().limit(LENGTH).forEach(w -> counts.merge(w, 1, Integer::sum));
        }
        List<Map.Entry<String, Integer>> byCount = new ArrayList<>(counts.entrySet());
        byCount.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> vocab = new ArrayList<>(List.of(PAD, UNKNOWN));
        byCount.stream().limit(size - 2L).forEach(e -> vocab.add(e.getKey()));
        return vocab;
    }

    /** Documents as token ids {@code [N, LENGTH]} (float32 whole numbers), first words, padded in front. */
    public static INDArray ids(List<Document> docs, List<String> vocab) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            index.put(vocab.get(i), i);
        }
        float[][] ids = new float[docs.size()][LENGTH];
        for (int r = 0; r < docs.size(); r++) {
            List<String> words = docs.get(r).words();
            int n = Math.min(LENGTH, words.size());
            for (int k = 0; k < n; k++) {
                ids[r][LENGTH - n + k] = index.getOrDefault(words.get(k), 1);
            }
        }
        return Nd4j.createFromArray(ids).castTo(DataType.FLOAT);
    }

    /** The documents' labels, {@code [N]}. */
    public static INDArray labels(List<Document> docs) {
        return Nd4j.createFromArray(docs.stream().mapToLong(Document::label).toArray());
    }

    /** The documents shuffled with {@code seed}: the first 80% for training, the rest for testing. */
    public static List<List<Document>> split(List<Document> docs, long seed) {
        List<Document> shuffled = new ArrayList<>(docs);
        Collections.shuffle(shuffled, new Random(seed));
        int cut = shuffled.size() * 4 / 5;
        return List.of(shuffled.subList(0, cut), shuffled.subList(cut, shuffled.size()));
    }
}
