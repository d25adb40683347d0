package io.lrp4j.cli;

import io.lrp4j.engine.ExplainException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The class names a {@code --labels} file gives (one a line), or {@code class 0, class 1, ...} without one. */
public final class ClassNames {
    private ClassNames() {
    }

    /**
     * @param labels the file, or null
     * @param classes the model's number of classes, which the file must name
     */
    public static List<String> of(Path labels, int classes) {
        List<String> names = new ArrayList<>();
        if (labels != null) {
            try {
                Files.readAllLines(labels, StandardCharsets.UTF_8).stream().map(String::strip)
                        .filter(l -> !l.isEmpty()).forEach(names::add);
            } catch (IOException e) {
                throw new ExplainException("cannot read " + labels + ": " + e.getMessage(), e);
            }
            if (names.size() != classes) {
                throw new ExplainException(labels + " names " + names.size() + " classes, the model has " + classes);
            }
            return names;
        }
        for (int c = 0; c < classes; c++) {
            names.add("class " + c);
        }
        return names;
    }
}
