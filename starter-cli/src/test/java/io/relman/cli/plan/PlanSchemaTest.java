package io.relman.cli.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.relman.cli.RelmanCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan's JSON Schema: what relman schema prints is docs/plan.schema.json, it accepts every plan
 * the repository holds and rejects unknown keys, and at every mapping it names exactly the keys that
 * relman reads there (asked of PlanReader with an unknown key, whose problem lists them).
 */
@Timeout(30)
class PlanSchemaTest {
    private static final Path COMMITTED = Path.of("../docs/plan.schema.json");
    private static final String UNKNOWN = "zz_unknown";

    @TempDir
    Path dir;

    private final Schema schema =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(PlanSchema.json());

    @Test
    void relmanSchemaPrintsTheCommittedSchema() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = RelmanCli.run("schema");
        } finally {
            System.setOut(out);
        }

        assertThat(exit).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .as("docs/plan.schema.json is relman schema's output: regenerate it with"
                        + " bin/relman schema > docs/plan.schema.json")
                .isEqualTo(Files.readString(COMMITTED));
    }

    @Test
    void itAcceptsEveryPlanOfTheRepository() throws IOException {
        Map<String, String> plans = new LinkedHashMap<>();
        for (String tree : List.of("../examples", "../bench")) {
            try (Stream<Path> files = Files.walk(Path.of(tree))) {
                for (Path file : files.filter(
                                file -> file.getFileName().toString().matches("relman.*\\.yml"))
                        .filter(file -> !file.toString().contains("/target/"))
                        .sorted()
                        .toList()) {
                    plans.put(file.toString(), Files.readString(file));
                }
            }
        }
        String readme = Files.readString(Path.of("../docs/plan.md"));
        int start = readme.indexOf("```yaml\n", readme.indexOf("# Writing a plan")) + "```yaml\n".length();
        plans.put("docs/plan.md's plan", readme.substring(start, readme.indexOf("```", start)));
        plans.put("PlanLoaderTest.VALID", PlanLoaderTest.VALID);
        plans.put("HookReaderTest.HOOKS", HookReaderTest.withHooks(HookReaderTest.HOOKS));

        assertThat(plans).containsKeys("../examples/shop/relman.yml", "../examples/shop/relman-spread.yml");
        plans.forEach((name, plan) -> assertThat(errors(plan)).as(name).isEmpty());
    }

    @Test
    void itRejectsUnknownKeysAtEveryLevel() {
        String typo = PlanLoaderTest.VALID.replace("    replicas: 3", "    replica: 3");
        String nested = PlanLoaderTest.VALID.replace("      timeout: 2s", "      timeuot: 2s");
        String top = PlanLoaderTest.VALID + "environment: demo\n";

        assertThat(errors(typo)).singleElement().asString().contains("replica");
        assertThat(errors(nested)).singleElement().asString().contains("timeuot");
        assertThat(errors(top)).singleElement().asString().contains("environment");
    }

    @Test
    void itRejectsAValueOfTheWrongKind() {
        assertThat(errors(PlanLoaderTest.VALID.replace("timeout: 2s", "timeout: 2 seconds")))
                .singleElement()
                .asString()
                .contains("timeout");
        assertThat(errors(PlanLoaderTest.VALID.replace("replicas: 3", "replicas: [3]")))
                .singleElement()
                .asString()
                .contains("replicas");
    }

    @Test
    void onlyAnAfterRolloutHookNamesAReplicaToRunIn() {
        String inReplica = HookReaderTest.withHooks(
                "    hooks:\n      after_rollout:\n        check: {run: [php, artisan, list], in: 1}\n");

        assertThat(errors(inReplica)).isEmpty();
        assertThat(errors(inReplica.replace("after_rollout", "before_traffic")))
                .singleElement()
                .asString()
                .contains("/before_traffic/check/in");
        assertThat(errors(inReplica.replace("in: 1", "in: app-1")))
                .singleElement()
                .asString()
                .contains("/after_rollout/check/in");
    }

    /** Each mapping of the schema is probed where a plan has it, with its named entries called x. */
    @Test
    void atEveryMappingItNamesTheKeysRelmanReads() throws IOException {
        JsonNode root = new ObjectMapper().readTree(PlanSchema.json());
        Map<String, List<String>> schemaKeys = new LinkedHashMap<>();
        mappings(root, root, List.of(), schemaKeys);
        Map<String, List<String>> readerKeys = new LinkedHashMap<>();
        for (String path : schemaKeys.keySet()) {
            readerKeys.put(path, readerKeys(path));
        }

        assertThat(schemaKeys).containsKeys("", "environments/x/database/backup/copy_to", "services/x/healthcheck");
        assertThat(schemaKeys).isEqualTo(readerKeys);
    }

    private List<String> errors(String plan) {
        try {
            return schema.validate(new YAMLMapper().readTree(plan)).stream()
                    .map(Error::toString)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mappings(JsonNode root, JsonNode node, List<String> path, Map<String, List<String>> found) {
        if (node.has("$ref")) {
            String[] pointer = node.get("$ref").asText().substring(1).split("/");
            mappings(root, root.at(String.join("/", pointer)), path, found);
            return;
        }
        node.path("allOf").forEach(part -> mappings(root, part, path, found));
        if (node.has("properties")) {
            List<String> keys = new ArrayList<>();
            node.get("properties").fieldNames().forEachRemaining(keys::add);
            found.put(String.join("/", path), keys.stream().sorted().toList());
            node.get("properties").fields().forEachRemaining(property -> {
                List<String> deeper = new ArrayList<>(path);
                deeper.add(property.getKey());
                mappings(root, property.getValue(), deeper, found);
            });
        }
        if (node.path("additionalProperties").isObject()) {
            List<String> deeper = new ArrayList<>(path);
            deeper.add("x");
            mappings(root, node.get("additionalProperties"), deeper, found);
        }
    }

    /** The keys PlanReader reads at {@code path}: those its problem for an unknown key there lists. */
    private List<String> readerKeys(String path) throws IOException {
        StringBuilder yaml = new StringBuilder();
        String indent = "";
        for (String key : path.isEmpty() ? new String[0] : path.split("/")) {
            yaml.append(indent).append(key).append(":\n");
            indent += "  ";
        }
        yaml.append(indent).append(UNKNOWN).append(": 1\n");
        Path file = Files.writeString(dir.resolve("relman.yml"), yaml);
        String prefix = (path.isEmpty() ? "" : path + "/") + UNKNOWN + ": unknown key; the keys here are ";

        List<String> problems = new ArrayList<>();
        assertThatThrownBy(() -> PlanLoader.load(file))
                .isInstanceOfSatisfying(PlanException.class, e -> problems.addAll(e.problems()));
        String listed = problems.stream()
                .filter(problem -> problem.startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no unknown-key problem at " + path + " in " + problems));
        return Arrays.asList(
                listed.substring(prefix.length(), listed.lastIndexOf(" (")).split(", "));
    }
}
