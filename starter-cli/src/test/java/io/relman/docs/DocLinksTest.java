package io.relman.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every relative link and image of the documentation leads to a file of the repository, and every
 * {@code #anchor} to a heading, as GitHub renders them: pages move, and a link that moves with nothing is
 * found here instead of by a reader.
 */
@Timeout(10)
class DocLinksTest {
    /** The tests run in the module's directory; the repository is its parent. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Pattern FENCE = Pattern.compile("(?m)^\\s*```.*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern REFERENCE = Pattern.compile("(?m)^\\s*\\[[^\\]]+\\]:\\s*(\\S+)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    @Test
    void everyRelativeLinkAndAnchorLeadsSomewhere() throws IOException {
        List<Path> pages = pages();
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            broken.addAll(brokenLinks(page));
        }

        assertThat(pages).contains(ROOT.resolve("README.md"), ROOT.resolve("docs/plan.md"));
        assertThat(broken).as("broken links (file:line target)").isEmpty();
    }

    @Test
    void anchorsAreGitHubsSlugs() {
        assertThat(slugs("# A stack you already run (docker compose)\n## `.relman/local.env`: yours\n"
                        + "## Backup copies (`database.backup.copy_to`)\n## bench/cli\n## Tests\n## Tests\n"))
                .containsExactlyInAnyOrder(
                        "a-stack-you-already-run-docker-compose",
                        "relmanlocalenv-yours",
                        "backup-copies-databasebackupcopy_to",
                        "benchcli",
                        "tests",
                        "tests-1");
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(
                List.of(ROOT.resolve("README.md"), ROOT.resolve("CONTRIBUTING.md"), ROOT.resolve("bench/README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static List<String> brokenLinks(Path page) throws IOException {
        String text = prose(Files.readString(page));
        List<String> broken = new ArrayList<>();
        for (Pattern pattern : List.of(LINK, REFERENCE)) {
            Matcher link = pattern.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (!SCHEME.matcher(target).find() && !leadsSomewhere(page, target)) {
                    int line = (int) text.substring(0, link.start())
                                    .chars()
                                    .filter(c -> c == '\n')
                                    .count()
                            + 1;
                    broken.add(ROOT.relativize(page) + ":" + line + " " + target);
                }
            }
        }
        return broken;
    }

    private static boolean leadsSomewhere(Path page, String target) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
        if (!file.startsWith(ROOT) || !Files.exists(file)) {
            return false;
        }
        if (hash < 0) {
            return true;
        }
        try {
            return file.toString().endsWith(".md")
                    && slugs(Files.readString(file)).contains(target.substring(hash + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text as rendered outside code: fenced blocks and code spans blanked, line breaks kept. */
    private static String prose(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            boolean fence = FENCE.matcher(line).matches();
            out.append(fenced || fence ? "" : line).append('\n');
            fenced ^= fence;
        }
        return CODE_SPAN.matcher(out).replaceAll(span -> span.group().replaceAll("[^\n]", " "));
    }

    /**
     * GitHub's anchors: the heading's text lowercased, all but letters, digits, spaces, {@code -} and
     * {@code _} dropped, each space a {@code -}; a repeated one gets {@code -1}, {@code -2}... Code spans
     * are read as their text, so the headings are taken from the raw Markdown.
     */
    static Set<String> slugs(String markdown) {
        Set<String> slugs = new HashSet<>();
        Matcher heading = HEADING.matcher(markdown.replaceAll("(?m)^\\s*```[\\s\\S]*?^\\s*```", ""));
        while (heading.find()) {
            String base = heading.group(1)
                    .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
                    .replace(' ', '-');
            String slug = base;
            for (int n = 1; !slugs.add(slug); n++) {
                slug = base + "-" + n;
            }
        }
        return slugs;
    }
}
