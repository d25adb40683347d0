package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example commands in the README and in every command's help can be pasted into bash as they are: each is one
 * line that bash parses (unquoted parentheses are a syntax error there), and no help example wraps.
 */
class DocsTest {
    private static final List<String> COMMANDS = List.of("explain", "demo", "train", "rules", "composites");

    /** Example lines of every command's help, as printed. */
    private static List<String> helpExamples() {
        List<String> examples = new ArrayList<>();
        for (String command : COMMANDS) {
            List<String> lines = help(command).lines().toList();
            int start = lines.indexOf("Examples:");
            assertTrue(start >= 0, command + " --help has examples");
            for (int i = start + 1; i < lines.size() && !lines.get(i).isBlank(); i++) {
                String line = lines.get(i);
                assertTrue(line.startsWith("  ") && !line.startsWith("   "),
                        command + " --help: a wrapped or stray example line: '" + line + "'");
                examples.add(line.strip().replaceFirst("\\s+#.*$", ""));
            }
        }
        return examples;
    }

    private static String help(String command) {
        StringWriter out = new StringWriter();
        assertEquals(0, Main.run(new String[] {command, "--help"}, new PrintWriter(out), new PrintWriter(
                new StringWriter())));
        return out.toString();
    }

    /** Command lines in the README's bash blocks, and inline spans that are commands or options. */
    private static List<String> readmeCommands() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> commands = new ArrayList<>();
        Matcher blocks = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        while (blocks.find()) {
            for (String line : blocks.group(1).split("\\n")) {
                assertFalse(line.endsWith("\\"), "README: one line per command: " + line);
                if (!line.isBlank() && !line.startsWith("#")) {
                    commands.add(line);
                }
            }
        }
        Matcher spans = Pattern.compile("`((?:\\./lrp |--)[^`]*)`").matcher(readme);
        while (spans.find()) {
            if (!spans.group(1).contains("...")) {
                commands.add("true " + spans.group(1));
            }
        }
        assertTrue(commands.size() > 10, "found the README's commands: " + commands);
        return commands;
    }

    private static void assertBashParses(String line) throws Exception {
        Process p = new ProcessBuilder("bash", "-n", "-c", line).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "bash cannot parse: " + line + "\n" + said);
    }

    @Test
    void everyHelpExampleIsOneLineThatBashParses() throws Exception {
        for (String line : helpExamples()) {
            assertBashParses(line);
        }
    }

    @Test
    void everyReadmeCommandIsOneLineThatBashParses() throws Exception {
        for (String line : readmeCommands()) {
            assertBashParses(line);
        }
    }

    @Test
    void theSynopsisSaysWhatIsRequired() {
        String help = help("explain");
        assertTrue(help.contains("(--composite=SPEC | --rule=[SELECTOR=]SPEC... | --method=METHOD)"), help);
        assertTrue(help.contains("a --composite or at least one --rule is required"), help);
    }
}
