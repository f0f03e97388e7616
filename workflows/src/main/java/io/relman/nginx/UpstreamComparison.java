package io.relman.nginx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * One of relman's nginx files before a release and after its undo, compared by what it makes nginx do:
 * its directives, with comments, whitespace and order left out. Two things relman rewrites at every write
 * are not differences: its generation marker (a {@code server} block answering on
 * {@code *.generation.relman}) and the health tuning of an upstream's servers ({@code max_fails},
 * {@code fail_timeout}); a server's address and {@code down}, {@code backup} and {@code weight} are, since
 * they decide where traffic goes. Pure: the workflow compares the texts the activities read.
 */
public final class UpstreamComparison {
    private static final String MARKER_SUFFIX = ".generation.relman";
    private static final Set<String> SPECIAL = Set.of("{", "}", ";");

    private UpstreamComparison() {}

    /**
     * How the file at {@code path} differs now ({@code after}) from before the release ({@code before}),
     * in words; empty when nginx does the same with both. A null text is a file that does not exist.
     */
    public static List<String> differences(String path, String before, String after) {
        if (before == null && after == null) {
            return List.of();
        }
        if (before == null) {
            return List.of("nginx's " + path + " exists now; it did not before the release");
        }
        if (after == null) {
            return List.of("nginx's " + path + " is gone; it was there before the release");
        }
        List<String> added = new ArrayList<>(directives(after));
        List<String> gone = new ArrayList<>(directives(before));
        for (String directive : directives(before)) {
            if (added.remove(directive)) {
                gone.remove(directive);
            }
        }
        if (added.isEmpty() && gone.isEmpty()) {
            return List.of();
        }
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("it now has " + quoted(added));
        }
        if (!gone.isEmpty()) {
            parts.add("it no longer has " + quoted(gone));
        }
        return List.of("nginx's " + path + " is not as before the release: " + String.join(" and ", parts));
    }

    /**
     * The file's directives, one string each with the blocks around it ({@code upstream app { server
     * app-1:8000; }}), sorted; relman's generation marker and its servers' health tuning left out.
     */
    public static List<String> directives(String text) {
        List<String> out = new ArrayList<>();
        Parser parser = new Parser(tokens(text));
        for (Directive directive : parser.block()) {
            directive.flatten("", "", out);
        }
        Collections.sort(out);
        return out;
    }

    private static String quoted(List<String> directives) {
        return "`" + String.join("`, `", directives) + "`";
    }

    /** A directive: its words, and the directives of its block (null when it ends with a semicolon). */
    private record Directive(List<String> words, List<Directive> block) {
        void flatten(String open, String close, List<String> out) {
            if (block == null) {
                out.add(open + String.join(" ", words) + ";" + close);
                return;
            }
            if (isGenerationMarker()) {
                return;
            }
            String head = String.join(" ", words);
            if (block.isEmpty()) {
                out.add(open + head + " { }" + close);
                return;
            }
            boolean upstream = !words.isEmpty() && words.get(0).equals("upstream");
            for (Directive inner : block) {
                Directive shown = upstream ? inner.routing() : inner;
                shown.flatten(open + head + " { ", " }" + close, out);
            }
        }

        /** relman's marker block: {@code server { ... server_name NAME.generation.relman; ... }}. */
        private boolean isGenerationMarker() {
            return words.equals(List.of("server"))
                    && block.stream()
                            .anyMatch(d -> d.block() == null
                                    && d.words().size() == 2
                                    && d.words().get(0).equals("server_name")
                                    && d.words().get(1).endsWith(MARKER_SUFFIX));
        }

        /** An upstream's server with only what decides where traffic goes; any other directive as it is. */
        private Directive routing() {
            if (block != null || words.size() < 2 || !words.get(0).equals("server")) {
                return this;
            }
            List<String> kept = new ArrayList<>(words.subList(0, 2));
            words.stream()
                    .skip(2)
                    .filter(word -> word.equals("down") || word.equals("backup") || word.startsWith("weight="))
                    .forEach(kept::add);
            return new Directive(kept, null);
        }
    }

    /** Reads directives from tokens; lenient, since a file nginx would refuse is compared all the same. */
    private static final class Parser {
        private final List<String> tokens;
        private int next;

        Parser(List<String> tokens) {
            this.tokens = tokens;
        }

        /** Directives up to the end of the current block (or of the file). */
        List<Directive> block() {
            List<Directive> directives = new ArrayList<>();
            List<String> words = new ArrayList<>();
            while (next < tokens.size()) {
                String token = tokens.get(next++);
                switch (token) {
                    case ";" -> {
                        if (!words.isEmpty()) {
                            directives.add(new Directive(List.copyOf(words), null));
                        }
                        words.clear();
                    }
                    case "{" -> {
                        directives.add(new Directive(List.copyOf(words), block()));
                        words.clear();
                    }
                    case "}" -> {
                        addUnterminated(directives, words);
                        return directives;
                    }
                    default -> words.add(token);
                }
            }
            addUnterminated(directives, words);
            return directives;
        }

        private static void addUnterminated(List<Directive> directives, List<String> words) {
            if (!words.isEmpty()) {
                directives.add(new Directive(List.copyOf(words), null));
            }
        }
    }

    /** Words, quoted strings (kept with their quotes) and { } ; as tokens of their own; comments dropped. */
    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '#' && word.isEmpty()) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != c) {
                    end += text.charAt(end) == '\\' ? 2 : 1;
                }
                word.append(text, i, Math.min(end + 1, text.length()));
                i = end + 1;
            } else if (Character.isWhitespace(c) || SPECIAL.contains(String.valueOf(c))) {
                if (!word.isEmpty()) {
                    tokens.add(word.toString());
                    word.setLength(0);
                }
                if (!Character.isWhitespace(c)) {
                    tokens.add(String.valueOf(c));
                }
                i++;
            } else {
                word.append(c);
                i++;
            }
        }
        if (!word.isEmpty()) {
            tokens.add(word.toString());
        }
        return tokens;
    }
}
