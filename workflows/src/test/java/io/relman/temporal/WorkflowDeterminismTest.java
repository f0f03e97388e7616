package io.relman.temporal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The workflows module holds workflow code, which Temporal replays: it must not read clocks, draw random
 * numbers, start threads or do I/O, except through {@code Workflow.*}. These rules check its classes'
 * bytecode (Spring cannot come in: the module's pom has only the Temporal SDK). Temporal's own checker (sdk-java's temporal-workflowcheck) would also follow calls into
 * libraries, but it is not served by the Maven registry these machines reach.
 */
@Timeout(60)
class WorkflowDeterminismTest {
    static final ArchRule NO_CLOCK = noClasses()
            .should()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(System.class, "nanoTime")
            .orShould()
            .callMethod(Instant.class, "now")
            .orShould()
            .callMethod(LocalDateTime.class, "now")
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(Clock.class)
            .because("time in workflow code is Workflow.currentTimeMillis(), the same on every replay");

    /** Code that sets up the Temporal client of the CLI and the worker: it never runs in a workflow. */
    private static final String CLIENT_CODE = "io.relman.temporal.client..";

    static final ArchRule NO_RANDOMNESS = noClasses()
            // Client code the CLI and the worker share (nonces for encryption), never run in a workflow.
            .that()
            .resideOutsideOfPackage(CLIENT_CODE)
            .should()
            .callMethod(UUID.class, "randomUUID")
            .orShould()
            .callMethod(Math.class, "random")
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(Random.class)
            .because("workflow code draws with Workflow.randomUUID() and Workflow.newRandom()");

    static final ArchRule NO_THREADS_NO_IO = noClasses()
            // Client code the CLI and the worker share (it reads certificate and key files).
            .that()
            .resideOutsideOfPackage(CLIENT_CODE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.io..", "java.nio..", "java.net..", "java.util.concurrent..", "java.sql..")
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(Thread.class)
            .because("activities do I/O; workflow code waits with Workflow.await and Workflow.sleep");

    static final ArchRule NO_MUTABLE_STATICS = fields().that()
            .areStatic()
            .should()
            .beFinal()
            .because("a static field that changes would be shared by every run a worker replays");

    static List<ArchRule> rules() {
        return List.of(NO_CLOCK, NO_RANDOMNESS, NO_THREADS_NO_IO, NO_MUTABLE_STATICS);
    }

    @ParameterizedTest
    @MethodSource("rules")
    void theWorkflowsModuleKeepsTheRule(ArchRule rule) {
        rule.check(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.relman"));
    }

    @Test
    void eachRuleCatchesWhatItForbids() {
        JavaClasses careless = new ClassFileImporter().importClasses(CarelessWorkflowCode.class);
        for (ArchRule rule : rules()) {
            assertThatThrownBy(() -> rule.check(careless)).isInstanceOf(AssertionError.class);
        }
    }

    /** Breaks every rule once; only the test above looks at it. */
    static class CarelessWorkflowCode {
        static int runs;

        long startedAt() {
            runs++;
            return System.currentTimeMillis()
                    + new Random().nextInt()
                    + UUID.randomUUID().hashCode();
        }

        Object elsewhere() throws Exception {
            return CompletableFuture.supplyAsync(() -> Files.exists(Path.of("/")));
        }
    }
}
