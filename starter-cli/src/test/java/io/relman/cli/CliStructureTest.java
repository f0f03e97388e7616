package io.relman.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Arrows in the CLI point one way: RelmanCli knows its commands, and no command reaches back up to it (only
 * the resident CLI and the archive training, which run command lines as main does); the packages of the
 * commands (release, backup, maintenance, hosts, init, validate) stand on common, which knows none of them.
 */
@Timeout(60)
class CliStructureTest {
    private static final JavaClasses CLI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.relman.cli");

    @Test
    void noCommandReachesBackToRelmanCli() {
        noClasses()
                .that()
                .doNotHaveSimpleName("RelmanCli")
                .and()
                .resideOutsideOfPackage("io.relman.cli.resident")
                .should()
                .dependOnClassesThat()
                .haveSimpleName("RelmanCli")
                .because("exit codes are ExitCode's and the operator's name is Operator's")
                .check(CLI);
    }

    @Test
    void theSharedOptionsKnowNoCommand() {
        noClasses()
                .that()
                .resideInAPackage("io.relman.cli.common")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.relman.cli",
                        "io.relman.cli.release",
                        "io.relman.cli.backup",
                        "io.relman.cli.maintenance",
                        "io.relman.cli.hosts",
                        "io.relman.cli.init",
                        "io.relman.cli.validate",
                        "io.relman.cli.resident")
                .because("every command uses them: an arrow back would tie the commands together")
                .check(CLI);
    }

    @Test
    void thePackagesHaveNoCircle() {
        slices().matching("io.relman.cli.(*)..").should().beFreeOfCycles().check(CLI);
    }
}
