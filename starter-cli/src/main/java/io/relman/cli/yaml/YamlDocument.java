package io.relman.cli.yaml;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML file as a tree of mappings, lists and scalars that remembers the line of every key and value,
 * so that whoever checks it can say where a problem is. It knows nothing of what the file means. A
 * file that is not YAML, not UTF-8, has a key that is not a plain word or is given twice, an alias inside
 * the value it names, or more aliases or nesting than {@link BoundedComposer} allows, becomes a {@link
 * YamlException} naming the line, never a stack trace (nor a walk that never ends).
 */
public final class YamlDocument {
    /** A value in the tree; {@code line} is 1-based. */
    public sealed interface YamlNode permits YamlMap, YamlList, YamlScalar {
        int line();
    }

    public record YamlScalar(String value, int line) implements YamlNode {}

    public record YamlList(List<YamlNode> items, int line) implements YamlNode {}

    /** A mapping, its entries in the file's order. */
    public record YamlMap(List<Entry> entries, int line) implements YamlNode {
        public Optional<Entry> entry(String key) {
            return entries.stream().filter(entry -> entry.key().equals(key)).findFirst();
        }
    }

    public record Entry(String key, int keyLine, YamlNode value) {}

    private final String source;
    private final YamlNode root;

    private YamlDocument(String source, YamlNode root) {
        this.source = source;
        this.root = root;
    }

    /** Reads {@code file}; its name (not its path) is what problems name as their {@code source}. */
    public static YamlDocument read(Path file) {
        String source = file.getFileName().toString();
        String text = decode(file, source);
        Node node = BoundedComposer.compose(text, source);
        List<YamlException.Problem> problems = new ArrayList<>();
        YamlNode root = node == null ? new YamlMap(List.of(), 1) : new Conversion(problems).convert(node, "");
        if (!problems.isEmpty()) {
            throw new YamlException(source, problems);
        }
        return new YamlDocument(source, root);
    }

    public YamlNode root() {
        return root;
    }

    /** The file's name, as problems name it. */
    public String source() {
        return source;
    }

    /**
     * The line of {@code path} ({@code services/app/port}): of its value, or of its key when {@code atKey};
     * for a path that is not in the file (a missing key), the line of the deepest mapping on it that is.
     */
    public int lineOf(String path, boolean atKey) {
        YamlNode node = root;
        Entry found = null;
        for (String key : path.isEmpty() ? new String[0] : path.split("/")) {
            // A list's items are named by their place from 1, as the plan's problems name them (steps/2).
            if (node instanceof YamlList list
                    && key.matches("[1-9][0-9]{0,5}")
                    && Integer.parseInt(key) <= list.items().size()) {
                node = list.items().get(Integer.parseInt(key) - 1);
                found = null;
                continue;
            }
            Optional<Entry> entry = node instanceof YamlMap map ? map.entry(key) : Optional.empty();
            if (entry.isEmpty()) {
                return node.line();
            }
            found = entry.get();
            node = found.value();
        }
        return atKey && found != null ? found.keyLine() : node.line();
    }

    private static String decode(Path file, String source) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new YamlException(file + ": cannot be read: " + e.getMessage(), source, 0);
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer input = ByteBuffer.wrap(bytes);
        try {
            return utf8.decode(input).toString();
        } catch (CharacterCodingException e) {
            // The decoder stops at the first bad byte: its line is the lines before it, plus one.
            int line = 1;
            for (int i = 0; i < Math.min(input.position(), bytes.length); i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new YamlException("is not UTF-8 text; save the file as UTF-8", source, line);
        }
    }

    /**
     * SnakeYAML's node graph as a tree of {@link YamlNode}s. An alias is the node it names, converted once
     * and shared, so that no alias multiplies the work; an alias inside the node it names (a cycle, which
     * SnakeYAML composes but no value can be) is a problem at that node's line.
     */
    private static final class Conversion {
        private final List<YamlException.Problem> problems;
        private final Map<Node, YamlNode> converted = new IdentityHashMap<>();
        private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());

        Conversion(List<YamlException.Problem> problems) {
            this.problems = problems;
        }

        YamlNode convert(Node node, String path) {
            int line = node.getStartMark().getLine() + 1;
            YamlNode done = converted.get(node);
            if (done != null) {
                return done;
            }
            if (!open.add(node)) {
                problems.add(new YamlException.Problem(
                        path,
                        "the alias *" + node.getAnchor() + " is inside &" + node.getAnchor()
                                + ", the value it names, so that value would never end; give the value here instead",
                        line));
                return new YamlScalar("", line);
            }
            YamlNode value = node instanceof ScalarNode scalar
                    ? new YamlScalar(scalar.getValue(), line)
                    : node instanceof SequenceNode list
                            ? new YamlList(
                                    list.getValue().stream()
                                            .map(item -> convert(item, path))
                                            .toList(),
                                    line)
                            : mapping((MappingNode) node, path, line);
            open.remove(node);
            converted.put(node, value);
            return value;
        }

        private YamlMap mapping(MappingNode node, String path, int line) {
            List<Entry> entries = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (NodeTuple tuple : node.getValue()) {
                int keyLine = tuple.getKeyNode().getStartMark().getLine() + 1;
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    problems.add(new YamlException.Problem(
                            path, "a key must be a plain word, not a list or a mapping; quote it", keyLine));
                    continue;
                }
                String keyPath = path.isEmpty() ? key.getValue() : path + "/" + key.getValue();
                if (!seen.add(key.getValue())) {
                    problems.add(new YamlException.Problem(keyPath, "is given twice; keep one", keyLine));
                    continue;
                }
                entries.add(new Entry(key.getValue(), keyLine, convert(tuple.getValueNode(), keyPath)));
            }
            return new YamlMap(List.copyOf(entries), line);
        }
    }
}
