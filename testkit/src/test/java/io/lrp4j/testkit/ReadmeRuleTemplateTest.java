package io.lrp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's "Writing a rule" shows the files of {@code examples/rule-template}, which the build compiles and whose
 * contract it runs: what a third party copies from the README is what was checked.
 */
class ReadmeRuleTemplateTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String TEMPLATE = "examples/rule-template/";

    @Test
    void theReadmeShowsTheTemplateProjectsFilesAsTheyAre() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Writing a rule"), readme.indexOf("## Performance"));
        for (String file : List.of("pom.xml", "src/main/java/org/example/lrp/ZPlusEpsilonRule.java",
                "src/main/resources/META-INF/lrp4j/rules",
                "src/test/java/org/example/lrp/ZPlusEpsilonRuleContractTest.java")) {
            String content = Files.readString(ROOT.resolve(TEMPLATE + file)).stripTrailing();
            assertTrue(section.contains("\n" + content + "\n```"), "README.md's \"Writing a rule\" does not show "
                    + TEMPLATE + file + " as it is; copy the file into its listing");
        }
    }

    @Test
    void theTemplateIsPartOfTheBuild() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        assertTrue(pom.contains("<module>rule-parent</module>") && pom.contains("<module>examples/rule-template</module>"),
                "the root POM builds the rule parent and the template project");
    }
}
