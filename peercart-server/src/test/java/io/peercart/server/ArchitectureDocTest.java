package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.ActivityType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md is a map a newcomer walks: a path it names that no longer exists sends them
 * nowhere, and a type missing from its table is a type they cannot find. Code moves in other
 * branches; this test makes the map fail the build instead of going quietly stale.
 */
class ArchitectureDocTest {
    /** Tests run in the module directory (peercart-server); the repository root is its parent. */
    private static final Path ROOT = Path.of("..");
    private static final Path DOC = ROOT.resolve("docs/architecture.md");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`\\n]+)`");
    private static final String TABLE_HEADING = "To change activity X";

    private static List<String> lines;

    @BeforeAll
    static void readDoc() throws IOException {
        lines = Files.readAllLines(DOC);
    }

    /** A repository path: no spaces, a '/', and a source/doc file or something under a module. */
    static boolean looksLikeRepoPath(String token) {
        if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace) || !token.contains("/")) return false;
        return token.endsWith(".java") || token.endsWith(".sql") || token.endsWith(".md") || token.startsWith("peercart-");
    }

    static Set<String> repoPaths(List<String> text) {
        Set<String> paths = new LinkedHashSet<>();
        for (String line : text) {
            Matcher m = BACKTICKED.matcher(line);
            while (m.find()) if (looksLikeRepoPath(m.group(1))) paths.add(m.group(1));
        }
        return paths;
    }

    @Test
    void everyPathItNamesExists() {
        Set<String> paths = repoPaths(lines);
        // a map of the code names many files: a handful means the extraction itself broke
        assertThat(paths).hasSizeGreaterThan(50);
        List<String> missing = new ArrayList<>();
        for (String p : paths) {
            Path resolved = ROOT.resolve(p).normalize();
            boolean ok = resolved.startsWith(ROOT.normalize()) && (p.endsWith("/") ? Files.isDirectory(resolved) : Files.exists(resolved));
            if (!ok) missing.add(p);
        }
        assertThat(missing).as("paths in docs/architecture.md that do not exist in the repository").isEmpty();
    }

    @Test
    void theTableHasARowForEveryActivityType() {
        Set<String> rows = tableRowTypes();
        List<String> types = Arrays.stream(ActivityType.values()).map(ActivityType::name).toList();
        assertThat(rows).as("rows of the \"%s\" table", TABLE_HEADING).containsAll(types);
    }

    /** The first cell of each body row of the table under the heading, without its backticks. */
    private static Set<String> tableRowTypes() {
        int start = -1;
        for (int i = 0; i < lines.size(); i++)
            if (lines.get(i).startsWith("#") && lines.get(i).contains(TABLE_HEADING)) start = i;
        assertThat(start).as("a heading \"%s\" in docs/architecture.md", TABLE_HEADING).isNotNegative();
        Set<String> first = new LinkedHashSet<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("|") || line.matches("\\|[-| :]+\\|")) continue; // not a row, or the separator
            first.add(line.substring(1).split("\\|", 2)[0].strip().replace("`", ""));
        }
        return first;
    }
}
