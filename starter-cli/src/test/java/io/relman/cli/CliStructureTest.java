package io.relman.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Arrows in the CLI point one way: RelmanCli knows its commands, and no command reaches back up to it (only
 * ArchiveTraining and ResidentCli, which run command lines as main does).
 */
@Timeout(60)
class CliStructureTest {
    @Test
    void noCommandReachesBackToRelmanCli() {
        noClasses()
                .that()
                .doNotHaveSimpleName("RelmanCli")
                .and()
                .doNotHaveSimpleName("ArchiveTraining")
                .and()
                .doNotHaveSimpleName("ResidentCli")
                .should()
                .dependOnClassesThat()
                .haveSimpleName("RelmanCli")
                .because("exit codes are ExitCode's and the operator's name is Operator's")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                        .importPackages("io.relman.cli"));
    }
}
