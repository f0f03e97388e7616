package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.cli.RelmanCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Malformed plans, made from the sample's by a seeded generator (the seed is printed; {@code
 * -Dfuzz.seed=N} replays a run, {@code -Dfuzz.plans=N} makes more): wrong types, numbers out of range,
 * unknown keys, broken references, injection strings in name and path fields, very long and non-UTF-8
 * values, broken YAML, recursive aliases, billion laughs and deep nesting. Each must be refused with exit 2 and a message naming the file and the line, never
 * a stack trace; a sample of them, given to {@code relman deploy} on the real runtime, must leave Docker
 * exactly as it was.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PlanFuzzIT {
    private static final long SEED = Long.getLong("fuzz.seed", 20261126L);
    private static final int PLANS = Integer.getInteger("fuzz.plans", 240);
    private static final int DEPLOYED = 12;
    private static final Path DIR = E2eRuntime.TARGET.resolve("plan-fuzz");
    private static final String DOCKER_STATE =
            "docker ps -a --no-trunc --format '{{.ID}} {{.Names}} {{.Image}}' | sort; docker ps -q --no-trunc | sort;"
                    + " docker images -q --no-trunc | sort; docker network ls -q | sort; docker volume ls -q | sort";

    private static String original;

    /** A copy of the sample next to its app and its page, so that relative paths (build context, page) hold. */
    @BeforeAll
    static void copyTheSample() {
        E2eRuntime.run("rm", "-rf", DIR.toString());
        E2eRuntime.run("mkdir", "-p", DIR.toString());
        E2eRuntime.run("cp", "-r", E2eRuntime.HOME.resolve("examples/shop/app").toString(), DIR.toString());
        E2eRuntime.run(
                "cp", E2eRuntime.HOME.resolve("examples/shop/maintenance.html").toString(), DIR.toString());
        try {
            original = Files.readString(E2eRuntime.PLAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A field of the sample plan: the line that holds it, and what kind of value it takes. */
    private record Field(String line, Kind kind) {}

    private enum Kind {
        NAME,
        KEY,
        NUMBER,
        DURATION,
        PATH,
        SECRET
    }

    private static final List<Field> FIELDS = List.of(
            new Field("project: shop", Kind.NAME),
            new Field("  demo:", Kind.KEY),
            new Field("  app:", Kind.KEY),
            new Field("    network: shop-demo ", Kind.NAME),
            new Field("      container: shop-demo-lb", Kind.NAME),
            new Field("      container: shop-demo-db", Kind.NAME),
            new Field("      name: shop", Kind.NAME),
            new Field("      user: shop", Kind.NAME),
            new Field("    image: relman/shop-app", Kind.NAME),
            new Field("      password_env: SHOP_DB_PASSWORD ", Kind.SECRET),
            new Field("      PGPASSWORD: SHOP_DB_PASSWORD ", Kind.SECRET),
            new Field("      context: app ", Kind.PATH),
            new Field("      path: /health", Kind.PATH),
            new Field("    replicas: 3", Kind.NUMBER),
            new Field("    port: 8000", Kind.NUMBER),
            new Field("      interval: 500ms", Kind.DURATION),
            new Field("      deadline: 15s", Kind.DURATION),
            new Field("    stop_grace_period: 10s", Kind.DURATION));

    private static final List<String> INJECTIONS =
            List.of("\"api; rm -rf /\"", "\"$(id)\"", "\"../../etc\"", "\"`id`\"", "\"a | b\"", "\"x\\ny\"", "\"\"");
    private static final List<String> WRONG_TYPES = List.of("[a, b]", "{x: 1}", "[]", "{}");
    private static final List<String> BAD_NUMBERS =
            List.of("-1", "0", "70000", "99999999999999999999", "1.5", "three", "0x10", "1e3");
    private static final List<String> BAD_DURATIONS = List.of("-1s", "0", "forever", "1y", "99999999999999h", "5");

    /** One malformed plan: its text (bytes, to allow non-UTF-8) and what was done to it. */
    private record Mutant(byte[] text, String what) {}

    private static Mutant mutate(Random random) {
        Field field = FIELDS.get(random.nextInt(FIELDS.size()));
        int start = original.indexOf(field.line());
        if (start < 0) {
            throw new IllegalStateException("the sample plan has no line '" + field.line() + "'");
        }
        int end = original.indexOf('\n', start);
        String line = original.substring(start, end);
        String prefix = line.substring(0, line.indexOf(':') + 1);
        String indent =
                prefix.substring(0, prefix.length() - prefix.stripLeading().length());
        return switch (random.nextInt(9)) {
            case 0 -> replaceValue(field, start, end, prefix, pick(random, INJECTIONS), "injection");
            case 1 -> replaceValue(field, start, end, prefix, pick(random, WRONG_TYPES), "wrong type");
            case 2 ->
                replaceValue(
                        field,
                        start,
                        end,
                        prefix,
                        switch (field.kind()) {
                            case NUMBER -> pick(random, BAD_NUMBERS);
                            case DURATION -> pick(random, BAD_DURATIONS);
                            default -> "\"" + "a".repeat(300 + random.nextInt(5000)) + "\"";
                        },
                        "out of range / too long");
            case 3 ->
                new Mutant(
                        utf8(original.substring(0, end + 1) + indent + "bogus_" + random.nextInt(1000) + ": 1\n"
                                + original.substring(end + 1)),
                        "unknown key after " + field.line().strip());
            case 4 -> brokenReference(random);
            case 5 -> nonUtf8(start, end, prefix);
            case 6 ->
                new Mutant(
                        utf8(original.substring(0, start) + prefix + " [unclosed, " + original.substring(end)),
                        "broken YAML at " + field.line().strip());
            case 7 ->
                new Mutant(
                        utf8(original.substring(0, start) + "\t" + line.stripLeading() + original.substring(end)),
                        "tab indentation at " + field.line().strip());
            default -> hostileYaml(random, start, end, prefix);
        };
    }

    /** YAML that recurses or expands without bound: a recursive alias, a billion laughs, deep nesting. */
    private static Mutant hostileYaml(Random random, int start, int end, String prefix) {
        return switch (random.nextInt(4)) {
            case 0 ->
                new Mutant(
                        utf8(original.replaceFirst("\nenvironments:\n", "\nenvironments: &e\n  loop: *e\n")),
                        "recursive alias: environments: &e {loop: *e}");
            case 1 ->
                new Mutant(
                        utf8(original.substring(0, start) + prefix + " &r [*r]" + original.substring(end)),
                        "recursive alias in " + prefix.strip() + " &r [*r]");
            case 2 -> {
                int levels = 6 + random.nextInt(5);
                StringBuilder laughs = new StringBuilder("lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
                for (int level = 1; level <= levels; level++) {
                    laughs.append("lol" + level + ": &l" + level + " [")
                            .append(String.join(", ", java.util.Collections.nCopies(9, "*l" + (level - 1))))
                            .append("]\n");
                }
                yield new Mutant(
                        utf8(original.replaceFirst("\nproject: shop\n", "\nproject: shop\n" + laughs)),
                        "billion laughs of " + levels + " levels");
            }
            default -> {
                int depth = 51 + random.nextInt(20_000);
                yield new Mutant(
                        utf8(original.substring(0, start) + prefix + " " + "[".repeat(depth) + "]".repeat(depth)
                                + original.substring(end)),
                        "nested " + depth + " levels deep in " + prefix.strip());
            }
        };
    }

    private static Mutant replaceValue(Field field, int start, int end, String prefix, String value, String what) {
        String indent =
                prefix.substring(0, prefix.length() - prefix.stripLeading().length());
        String line = field.kind() == Kind.KEY ? indent + value + ":" : prefix + " " + value;
        return new Mutant(
                utf8(original.substring(0, start) + line + original.substring(end)),
                what + " in " + field.line().strip() + ": " + abbreviated(value));
    }

    private static final List<String[]> BROKEN_REFERENCES = List.of(
            new String[] {"      container: shop-demo-lb", "      container: shop-demo-app-1"},
            new String[] {"    network: shop-demo ", "    network: bridge "},
            new String[] {
                "    network: shop-demo ",
                "    steps: [preflight, backup, build, migrate, launch]\n    network: shop-demo "
            },
            new String[] {"    replicas: 3", "    replicas: 3\n    replica_names: shop_app"},
            new String[] {"    replicas: 3", "    replicas: 3\n    replica_names: \"{app}-{n}\""},
            new String[] {"  ci:", "  ci:\n    approval: {before: [deploy], timeout: 1h}"});

    private static Mutant brokenReference(Random random) {
        String[] change = BROKEN_REFERENCES.get(random.nextInt(BROKEN_REFERENCES.size()));
        return new Mutant(
                utf8(original.replaceFirst(
                        Pattern.quote(change[0]), java.util.regex.Matcher.quoteReplacement(change[1]))),
                "broken reference: " + change[1].strip().replace("\n", " / "));
    }

    /** A value with a byte sequence that is not UTF-8 (0xC3 must start a two-byte character). */
    private static Mutant nonUtf8(int start, int end, String prefix) {
        byte[] head = utf8(original.substring(0, start) + prefix + " shop");
        byte[] tail = utf8(original.substring(end));
        byte[] text = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, text, 0, head.length);
        text[head.length] = (byte) 0xC3;
        text[head.length + 1] = (byte) 0x28;
        System.arraycopy(tail, 0, text, head.length + 2, tail.length);
        return new Mutant(text, "non-UTF-8 bytes in " + prefix.strip());
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviated(String value) {
        return value.length() > 40 ? value.substring(0, 20) + "...(" + value.length() + " characters)" : value;
    }

    /** The generated plans, written under target/plan-fuzz. */
    private static List<Path> plans() {
        Random random = new Random(SEED);
        List<Path> written = new ArrayList<>();
        for (int i = 1; i <= PLANS; i++) {
            Mutant mutant = mutate(random);
            Path plan = DIR.resolve("fuzz-" + i + ".yml");
            try {
                Files.write(plan, mutant.text());
                Files.writeString(DIR.resolve("fuzz-" + i + ".what"), mutant.what());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            written.add(plan);
        }
        return written;
    }

    private static String what(Path plan) {
        try {
            return Files.readString(Path.of(plan.toString().replace(".yml", ".what")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyMalformedPlanIsRefusedWithFileAndLineAndASampleChangesNothingOnTheEngine() {
        List<Path> plans = plans();
        long started = System.nanoTime();
        List<String> wrong = new ArrayList<>();
        for (Path plan : plans) {
            StringBuilder printed = new StringBuilder();
            int exit = E2eRuntime.capturingOutput(printed, () -> RelmanCli.run("validate", "--plan", plan.toString()));
            String name = Pattern.quote(plan.getFileName().toString());
            if (exit != 2
                    || !Pattern.compile(name + ":\\d+").matcher(printed).find()
                    || printed.indexOf("\tat ") >= 0
                    || printed.indexOf("Exception") >= 0) {
                wrong.add(plan.getFileName() + " (" + what(plan) + "): exit " + exit + ", printed: "
                        + abbreviated(printed.toString().strip().replace('\n', ' ')));
            }
        }
        long validateMillis = (System.nanoTime() - started) / 1_000_000;

        Random sample = new Random(SEED);
        String before = E2eRuntime.output("bash", "-c", DOCKER_STATE);
        for (int i = 0; i < DEPLOYED; i++) {
            Path plan = plans.get(sample.nextInt(plans.size()));
            StringBuilder printed = new StringBuilder();
            int exit = E2eRuntime.capturingOutput(
                    printed,
                    () -> RelmanCli.run(
                            "deploy",
                            "--env",
                            E2eRuntime.ENVIRONMENT,
                            "--version",
                            "v1",
                            "--plan",
                            plan.toString(),
                            "--temporal",
                            E2eRuntime.TEMPORAL));
            if (exit != 2) {
                wrong.add("deploy " + plan.getFileName() + " (" + what(plan) + "): exit " + exit);
            }
        }
        String after = E2eRuntime.output("bash", "-c", DOCKER_STATE);

        System.out.println("E2E plan fuzz (seed " + SEED + "): " + plans.size() + " malformed plans validated in "
                + validateMillis + " ms, " + DEPLOYED + " also deployed; " + (plans.size() - wrong.size())
                + " refused as they should be" + (wrong.isEmpty() ? "" : "; NOT: " + String.join("; ", wrong)));
        assertThat(wrong).isEmpty();
        assertThat(after)
                .as("Docker's containers, images, networks and volumes")
                .isEqualTo(before);
    }
}
