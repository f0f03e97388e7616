package io.relman.cli.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relman.plan.Durations;
import java.time.Duration;
import java.util.List;

/** The kinds of value a plan has, as JSON Schema (draft-07) nodes: what {@link PlanSchema} is made of. */
final class SchemaNodes {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String DURATION = "#/definitions/duration";
    static final String COMMAND = "#/definitions/command";

    private SchemaNodes() {}

    /** Two-space indentation, "key": value, a newline at the end. */
    static String print(ObjectNode schema) {
        // "\n" whatever the platform: the printed schema must equal the committed file byte for byte.
        DefaultIndenter lines = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(
                        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentObjectsWith(lines);
        printer.indentArraysWith(lines);
        try {
            return new ObjectMapper().writer(printer).writeValueAsString(schema) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a schema built in memory could not be written", e);
        }
    }

    record Key(String name, ObjectNode schema) {}

    static Key key(String name, ObjectNode schema) {
        return new Key(name, schema);
    }

    static ObjectNode object(String description, Key... keys) {
        ObjectNode object = JSON.objectNode().put("type", "object").put("description", description);
        ObjectNode properties = object.putObject("properties");
        for (Key key : keys) {
            properties.set(key.name(), key.schema());
        }
        return object.put("additionalProperties", false);
    }

    /** A mapping of names (chosen by the plan) to entries of one kind. */
    static ObjectNode named(String description, ObjectNode entry) {
        ObjectNode named = JSON.objectNode().put("type", "object").put("description", description);
        named.put("minProperties", 1).set("additionalProperties", entry);
        return named;
    }

    static ObjectNode ref(String to) {
        return JSON.objectNode().put("$ref", to);
    }

    /** A reference with a description of its own; draft-07 ignores a $ref's siblings, so they are combined. */
    static ObjectNode ref(String to, String description) {
        ObjectNode node = JSON.objectNode().put("description", description);
        node.putArray("allOf").add(ref(to));
        return node;
    }

    static ObjectNode text(String description) {
        return JSON.objectNode().put("type", "string").put("description", description);
    }

    static ObjectNode flag(String description, boolean fallback) {
        return JSON.objectNode()
                .put("type", "boolean")
                .put("description", description)
                .put("default", fallback);
    }

    /** What relman reads as text: a string, or a number or true/false it takes as written. */
    static ObjectNode scalar(String description) {
        ObjectNode scalar = JSON.objectNode().put("description", description);
        scalar.putArray("type").add("string").add("number").add("boolean");
        return scalar;
    }

    static ObjectNode integer(String description, int minimum, int maximum) {
        return JSON.objectNode()
                .put("type", "integer")
                .put("description", description)
                .put("minimum", minimum)
                .put("maximum", maximum);
    }

    static ObjectNode atLeast(String description, int minimum) {
        return JSON.objectNode()
                .put("type", "integer")
                .put("description", description)
                .put("minimum", minimum);
    }

    /** A key relman reads only to refuse it with a reason of its own: no value is valid. */
    static ObjectNode never(String description) {
        ObjectNode never = JSON.objectNode().put("description", description);
        never.putObject("not");
        return never;
    }

    static ObjectNode port(String description) {
        return integer(description, 1, 65535);
    }

    static ObjectNode duration(String description, Duration fallback) {
        return ref(DURATION, description).put("default", Durations.text(fallback));
    }

    static ObjectNode words(String description) {
        ObjectNode words = JSON.objectNode().put("type", "array").put("description", description);
        words.put("minItems", 1).putObject("items").put("type", "string");
        return words;
    }

    static ObjectNode choice(String description, List<String> values) {
        ObjectNode choice = text(description);
        choice.set("enum", array(values));
        return choice;
    }

    /** A list of steps, each one a plan may name. */
    static ObjectNode steps(String description, List<String> planned) {
        ObjectNode steps = JSON.objectNode().put("type", "array").put("description", description);
        steps.put("minItems", 1).set("items", choice("A step.", planned));
        return steps;
    }

    static ArrayNode array(List<String> values) {
        ArrayNode array = JSON.arrayNode();
        values.forEach(array::add);
        return array;
    }
}
