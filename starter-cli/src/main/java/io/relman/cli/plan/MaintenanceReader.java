package io.relman.cli.plan;

import static io.relman.cli.plan.SchemaNodes.key;
import static io.relman.cli.plan.SchemaNodes.object;
import static io.relman.cli.plan.SchemaNodes.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relman.plan.Maintenance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads an environment's {@code maintenance}: its page (a file next to the plan, read here, or a short text),
 * the steps it covers and its Retry-After; {@link #schema} describes the section for {@link PlanSchema}.
 */
final class MaintenanceReader {
    static final Set<String> KEYS = Set.of("page", "text", "during", "retry_after");

    private MaintenanceReader() {}

    static Maintenance read(Keys keys) {
        String page = null;
        if (keys.has("page") && keys.has("text")) {
            keys.problem(keys.path() + "/text", "give either page (a file) or text, not both");
        } else if (keys.has("page")) {
            page = file(keys);
        } else if (keys.has("text")) {
            page = Maintenance.pageOf(keys.text("text"));
        }
        return new Maintenance(
                page,
                keys.has("during") ? keys.words("during", "[migrate]") : null,
                keys.duration("retry_after", Maintenance.DEFAULT_RETRY_AFTER));
    }

    /** The page's file, read now: the worker gets its text in the plan, and needs no access to the file. */
    private static String file(Keys keys) {
        Path file = keys.resolve(keys.text("page"));
        try {
            if (Files.size(file) > Maintenance.MAX_PAGE_BYTES) {
                keys.problem(
                        keys.path() + "/page",
                        file + " is " + Files.size(file) + " bytes; keep the page to " + Maintenance.MAX_PAGE_BYTES);
                return null;
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            keys.problem(
                    keys.path() + "/page",
                    "cannot read " + file + " (" + unreadable.getClass().getSimpleName()
                            + "); name an HTML file relative to " + keys.source());
            return null;
        }
    }

    /** The section in the plan's JSON schema. */
    static ObjectNode schema() {
        return object(
                "A page nginx answers with (503, Retry-After) while a release's steps it covers run, and while a"
                        + " restore holds the traffic (docs/maintenance.md).",
                key("page", text("An HTML file, relative to the plan.")),
                key("text", text("Or a short text, made into a page.")),
                key(
                        "during",
                        SchemaNodes.words("The release steps it covers: backup, build, migrate (default [migrate]).")),
                key(
                        "retry_after",
                        SchemaNodes.duration("What Retry-After tells clients.", Maintenance.DEFAULT_RETRY_AFTER)));
    }
}
