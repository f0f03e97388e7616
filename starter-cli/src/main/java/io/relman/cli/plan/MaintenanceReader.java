package io.relman.cli.plan;

import static io.relman.cli.plan.SchemaNodes.key;
import static io.relman.cli.plan.SchemaNodes.object;
import static io.relman.cli.plan.SchemaNodes.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relman.cli.yaml.YamlDocument.YamlList;
import io.relman.plan.Maintenance;
import io.relman.plan.ServiceMaintenance;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Reads an environment's {@code maintenance}: its page (a file next to the plan, read here, or a short text),
 * the steps it covers and its Retry-After; {@link #schema} describes the section for {@link PlanSchema}.
 */
final class MaintenanceReader {
    static final Set<String> KEYS = Set.of("page", "text", "during", "retry_after");

    private MaintenanceReader() {}

    static Maintenance read(Keys keys) {
        String page = page(keys);
        if (page == null && keys.has("page")) {
            return null; // its problem is said; the plan's check would only add that the page is missing
        }
        return new Maintenance(
                page,
                keys.has("during") ? keys.words("during", "[migrate]") : null,
                keys.duration("retry_after", Maintenance.DEFAULT_RETRY_AFTER));
    }

    /**
     * Reads a service's {@code maintenance}: each key it leaves out is the environment's, and {@code during: []}
     * keeps its traffic off every page.
     */
    static ServiceMaintenance readForService(Keys keys) {
        String page = page(keys);
        if (page == null && keys.has("page")) {
            return null;
        }
        boolean offEveryPage =
                keys.node("during") instanceof YamlList list && list.items().isEmpty();
        return new ServiceMaintenance(
                page,
                offEveryPage
                        ? List.of()
                        : keys.has("during") ? keys.words("during", "[migrate], or [] for none") : null,
                keys.duration("retry_after", null));
    }

    /** The page's HTML from {@code page} or {@code text}; null when neither is given, or with its problem said. */
    private static String page(Keys keys) {
        if (keys.has("page") && keys.has("text")) {
            keys.problem(keys.path() + "/text", "give either page (a file) or text, not both");
            return null;
        }
        if (keys.has("page")) {
            return file(keys);
        }
        return keys.has("text") ? Maintenance.pageOf(keys.text("text")) : null;
    }

    /**
     * The page's file, read now: the worker gets its text in the plan, and needs no access to the file. Only a
     * regular file in the plan's directory (or below it) is read, and no more of it than a page may hold: the
     * page is served to anyone and kept in the run's history.
     */
    private static String file(Keys keys) {
        Path file = keys.resolve(keys.text("page"));
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(keys.resolve(".").toRealPath()) || !Files.isRegularFile(real)) {
                keys.problem(
                        keys.path() + "/page",
                        file + " is not a file in the plan's directory; put the page next to " + keys.source());
                return null;
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(real)) {
                bytes = in.readNBytes(Maintenance.MAX_PAGE_BYTES + 1);
            }
            if (bytes.length > Maintenance.MAX_PAGE_BYTES) {
                keys.problem(
                        keys.path() + "/page",
                        file + " is larger than " + Maintenance.MAX_PAGE_BYTES + " bytes; keep the page to that (link"
                                + " images and styles from elsewhere)");
                return null;
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (NoSuchFileException missing) {
            keys.problem(keys.path() + "/page", "there is no " + file + "; name an HTML file next to " + keys.source());
            return null;
        } catch (IOException unreadable) {
            keys.problem(
                    keys.path() + "/page",
                    "cannot read " + file + " (" + unreadable.getMessage() + "); name an HTML file next to "
                            + keys.source());
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

    /** A service's section in the plan's JSON schema: the environment's keys, each one optional. */
    static ObjectNode serviceSchema() {
        return object(
                "What of the environment's maintenance page this service changes (docs/maintenance.md): each key"
                        + " left out is the environment's; during: [] keeps its traffic off every page.",
                key("page", text("Its own HTML file, relative to the plan.")),
                key("text", text("Or its own short text, made into a page.")),
                key(
                        "during",
                        SchemaNodes.words("The release steps its page covers (backup, build, migrate), or [] for"
                                        + " none.")
                                .put("minItems", 0)),
                key(
                        "retry_after",
                        SchemaNodes.ref(SchemaNodes.DURATION, "What its page's Retry-After tells clients.")));
    }
}
