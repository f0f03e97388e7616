package io.relman.nginx;

import java.util.ArrayList;
import java.util.List;

/**
 * nginx's configuration text as nginx's own reader splits it (ngx_conf_read_token): words, and the
 * {@code ;} {@code {} {@code }} that end statements and open and close blocks. A {@code #} at the start of a
 * word comments out the rest of the line; inside a word it is a character; a quoted string is one word,
 * whatever it holds; {@code ${name}} does not open a block.
 */
final class NginxTokens {
    enum Kind {
        WORD,
        END,
        OPEN,
        CLOSE
    }

    /** A word (its text, quotes and escapes taken off) or one of the three marks (no text). */
    record Token(Kind kind, String word) {
        static final Token END = new Token(Kind.END, null);
        static final Token OPEN = new Token(Kind.OPEN, null);
        static final Token CLOSE = new Token(Kind.CLOSE, null);
    }

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private int at;

    private NginxTokens(String text) {
        this.text = text;
    }

    static List<Token> of(String text) {
        NginxTokens reader = new NginxTokens(text);
        reader.read();
        return reader.tokens;
    }

    private void read() {
        while (at < text.length()) {
            char ch = text.charAt(at++);
            switch (ch) {
                case ' ', '\t', '\r', '\n' -> {}
                case ';' -> tokens.add(Token.END);
                case '{' -> tokens.add(Token.OPEN);
                case '}' -> tokens.add(Token.CLOSE);
                case '#' -> skipLine();
                case '"', '\'' -> tokens.add(new Token(Kind.WORD, quoted(ch)));
                default -> {
                    at--;
                    tokens.add(new Token(Kind.WORD, word()));
                }
            }
        }
    }

    private void skipLine() {
        int newline = text.indexOf('\n', at);
        at = newline < 0 ? text.length() : newline + 1;
    }

    /** The string after an opening {@code quote}, up to the closing one (a backslash escapes the next character). */
    private String quoted(char quote) {
        StringBuilder word = new StringBuilder();
        while (at < text.length()) {
            char ch = text.charAt(at++);
            if (ch == quote) {
                break;
            }
            if (ch == '\\' && at < text.length()) {
                ch = text.charAt(at++);
            }
            word.append(ch);
        }
        return word.toString();
    }

    /** A bare word: up to a space, {@code ;} or a {@code {} that does not follow {@code $}. */
    private String word() {
        StringBuilder word = new StringBuilder();
        while (at < text.length()) {
            char ch = text.charAt(at);
            boolean variableBrace = ch == '{' && word.length() > 0 && word.charAt(word.length() - 1) == '$';
            if (Character.isWhitespace(ch) || ch == ';' || (ch == '{' && !variableBrace)) {
                break;
            }
            at++;
            if (ch == '\\' && at < text.length()) {
                ch = text.charAt(at++);
            }
            word.append(ch);
        }
        return word.toString();
    }
}
