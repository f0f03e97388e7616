package io.relman.cli.yaml;

import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Composes YAML text into SnakeYAML's node graph within SnakeYAML's own limits: aliases of lists and
 * mappings (a billion-laughs file multiplies them) and nesting depth. SnakeYAML reports those two
 * without a line; the parser's last event is where it stopped, so that is the line a problem names.
 */
final class BoundedComposer {
    /** A plan reuses a mapping or list a few times at most; past this its expansion has no sane bound. */
    static final int MAX_ALIASES = 50;
    /** A plan is nested 7 levels deep; 50 (SnakeYAML's default) keeps any walk of it shallow. */
    static final int MAX_DEPTH = 50;

    private BoundedComposer() {}

    /** The document's root node, or null for an empty document. */
    static Node compose(String text, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setAllowRecursiveKeys(false);
        LastEvent parser = new LastEvent(new ParserImpl(new StreamReader(new StringReader(text)), options));
        try {
            return new Composer(parser, new Resolver(), options).getSingleNode();
        } catch (MarkedYAMLException e) {
            throw new YamlException(
                    "not valid YAML: " + e.getProblem() + "; check indentation and quoting",
                    source,
                    e.getProblemMark().getLine() + 1);
        } catch (YAMLException e) {
            Event last = parser.last;
            int line = last == null ? 1 : last.getStartMark().getLine() + 1;
            if (last instanceof AliasEvent alias && e.getMessage().contains("aliases")) {
                throw new YamlException(
                        "not valid YAML: *" + alias.getAnchor() + " is alias " + (MAX_ALIASES + 1) + " of a list or"
                                + " mapping; a plan may reuse them " + MAX_ALIASES + " times, which bounds how far"
                                + " aliases can expand it (a billion laughs); write the repeated settings out",
                        source,
                        line);
            }
            if (last instanceof CollectionStartEvent && e.getMessage().contains("Nesting")) {
                throw new YamlException(
                        "not valid YAML: nested more than " + MAX_DEPTH + " levels deep; a plan needs fewer than 10",
                        source,
                        line);
            }
            throw new YamlException("not valid YAML: " + e.getMessage(), source, line);
        }
    }

    /** The parser, remembering the last event it gave the composer: where an unmarked error happened. */
    private static final class LastEvent implements Parser {
        private final Parser parser;
        private Event last;

        LastEvent(Parser parser) {
            this.parser = parser;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return parser.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return parser.peekEvent();
        }

        @Override
        public Event getEvent() {
            last = parser.getEvent();
            return last;
        }
    }
}
