package io.relman.cli.init;

/**
 * Text read from containers (names, images, variables, nginx's files), written into a plan so that no
 * value can change the plan's structure: a YAML double-quoted scalar for a value ({@code x: y}, {@code #a},
 * {@code *b}, a second line: all stay one string), and one line of plain text for a comment.
 */
final class YamlText {
    private YamlText() {}

    /** {@code "value"}, with {@code "} {@code \} and every control or line-breaking character escaped. */
    static String quoted(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '\r' -> quoted.append("\\r");
                default -> {
                    if (breaksOrControls(c)) {
                        quoted.append(String.format("\\u%04X", c));
                    } else {
                        quoted.appendCodePoint(c);
                    }
                }
            }
        });
        return quoted.append('"').toString();
    }

    /** The text on one line, for after a {@code #}: what would end the line is shown as {@code \\uXXXX}. */
    static String oneLine(String text) {
        StringBuilder line = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (breaksOrControls(c)) {
                line.append(String.format("\\u%04X", c));
            } else {
                line.appendCodePoint(c);
            }
        });
        return line.toString();
    }

    /** Controls, DEL, NEL and the Unicode line and paragraph separators (line breaks to YAML 1.1). */
    private static boolean breaksOrControls(int c) {
        return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029 || c == 0xFEFF;
    }
}
