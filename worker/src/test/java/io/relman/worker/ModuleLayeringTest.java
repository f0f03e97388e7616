package io.relman.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import io.relman.cli.RelmanCli;
import io.relman.database.BackupActivitiesImpl;
import io.relman.hostkeys.StrictHostKeys;
import io.relman.temporal.FailureType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The modules point one way: worker → activities → workflows ← starter-cli, and activities and starter-cli
 * both → hostkeys (the known_hosts checks, which need JSch and so stay out of the deterministic workflows);
 * no arrow back. A package may span modules (io.relman.docker is in workflows and activities), so a class's
 * module is where its class file lies: the module's target/classes, or its jar once packaged. The worker's
 * tests see all five modules (starter-cli is a test dependency here).
 */
@Timeout(60)
class ModuleLayeringTest {
    private static final Location WORKFLOWS = locationOf(FailureType.class);
    private static final Location ACTIVITIES = locationOf(BackupActivitiesImpl.class);
    private static final Location WORKER = locationOf(RelmanWorkerApplication.class);
    private static final Location STARTER_CLI = locationOf(RelmanCli.class);
    private static final Location HOSTKEYS = locationOf(StrictHostKeys.class);

    @Test
    void workflowsDependsOnNoOtherModule() {
        onlyOn("workflows", WORKFLOWS);
    }

    @Test
    void hostkeysDependsOnNoOtherModule() {
        onlyOn("hostkeys", HOSTKEYS);
    }

    @Test
    void activitiesDependsOnlyOnWorkflowsAndHostkeys() {
        onlyOn("activities", ACTIVITIES, WORKFLOWS, HOSTKEYS);
    }

    @Test
    void workerDependsOnlyOnTheModulesBelowIt() {
        onlyOn("worker", WORKER, ACTIVITIES, WORKFLOWS, HOSTKEYS);
    }

    @Test
    void starterCliDependsOnlyOnWorkflowsAndHostkeys() {
        onlyOn("starter-cli", STARTER_CLI, WORKFLOWS, HOSTKEYS);
    }

    /**
     * Every class of {@code module} reaches relman classes only in itself and {@code below}: a relman class
     * found in none of them (in a module above, or one not imported at all) is an arrow back.
     */
    private static void onlyOn(String name, Location module, Location... below) {
        JavaClasses allowed = new ClassFileImporter()
                .importLocations(
                        Stream.concat(Stream.of(module), Stream.of(below)).toList());
        classes()
                .should()
                .onlyDependOnClassesThat(notRelman()
                        .or(DescribedPredicate.describe(
                                "are in " + name + " or the modules below it",
                                javaClass -> allowed.contain(
                                        javaClass.getBaseComponentType().getName()))))
                .because(
                        "the modules point one way: worker → activities → workflows ← starter-cli, activities and starter-cli → hostkeys")
                .check(new ClassFileImporter().importLocations(List.of(module)));
    }

    private static DescribedPredicate<JavaClass> notRelman() {
        return DescribedPredicate.describe("are not relman's", javaClass -> {
            String pkg = javaClass.getBaseComponentType().getPackageName();
            return !pkg.equals("io.relman") && !pkg.startsWith("io.relman.");
        });
    }

    /** Where {@code anchor}'s module was loaded from: its classes directory in a build, or its jar. */
    private static Location locationOf(Class<?> anchor) {
        try {
            URI uri = anchor.getProtectionDomain().getCodeSource().getLocation().toURI();
            return uri.getPath().endsWith(".jar") ? Location.of(URI.create("jar:" + uri + "!/")) : Location.of(uri);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
