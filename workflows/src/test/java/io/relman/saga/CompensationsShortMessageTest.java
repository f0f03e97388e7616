package io.relman.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What an undo's report says of a command that failed: its first line and the error it ended with. */
@Timeout(5)
class CompensationsShortMessageTest {
    @Test
    void aCommandsOutputGivesItsFirstAndLastLine() {
        String message = Compensations.shortMessage(failure("""
                migration `php artisan migrate` exited with 1. Its last lines:
                Migrating: 2024_01_01_add_summary
                SQLSTATE[42S21]: Column already exists: 1060 Duplicate column name 'summary'
                """));

        assertThat(message)
                .isEqualTo("migration `php artisan migrate` exited with 1. Its last lines:"
                        + " SQLSTATE[42S21]: Column already exists: 1060 Duplicate column name 'summary'");
    }

    @Test
    void outputThatEndsInAPhpStackTraceGivesTheErrorAboveIt() {
        String message = Compensations.shortMessage(failure("""
                migration `php artisan migrate:to 1.1` exited with 255. Its last lines:
                PHP Fatal error:  Uncaught RuntimeException: legacy_imports was dropped: restore it from a backup
                Stack trace:
                #0 /app/vendor/migrator.php(88): {closure}()
                #1 {main}
                  thrown in /app/releases.php on line 14
                """));

        assertThat(message)
                .isEqualTo("migration `php artisan migrate:to 1.1` exited with 255. Its last lines:"
                        + " PHP Fatal error:  Uncaught RuntimeException: legacy_imports was dropped: restore it from"
                        + " a backup");
    }

    @Test
    void outputThatEndsInAJavaStackTraceGivesTheException() {
        String message = Compensations.shortMessage(failure("""
                migration `java -jar flyway.jar undo` exited with 1. Its last lines:
                Exception in thread "main" java.lang.IllegalStateException: no undo script for V7
                \tat org.flywaydb.Undo.run(Undo.java:41)
                \t... 3 more
                """));

        assertThat(message)
                .endsWith("Its last lines: Exception in thread \"main\" java.lang.IllegalStateException:"
                        + " no undo script for V7");
    }

    @Test
    void aPythonTracebackEndsWithItsErrorAlready() {
        String message = Compensations.shortMessage(failure("""
                migration `alembic downgrade -1` exited with 1. Its last lines:
                Traceback (most recent call last):
                  File "/app/env/bin/alembic", line 8, in <module>
                KeyError: 'a3f1'
                """));

        assertThat(message).endsWith("Its last lines: KeyError: 'a3f1'");
    }

    @Test
    void onlyATraceAfterTheFirstLineGivesTheFirstLine() {
        assertThat(Compensations.shortMessage(failure("replica app-1 failed\n\tat Replica.start(Replica.java:3)")))
                .isEqualTo("replica app-1 failed");
    }

    @Test
    void anErrorLineThatOnlyLooksLikeAFrameIsKept() {
        assertThat(Compensations.shortMessage(failure(
                        "hook check exited with 1. Its last lines:\n" + "#1 failed: at least one replica answers 500")))
                .endsWith("Its last lines: #1 failed: at least one replica answers 500");
        assertThat(Compensations.shortMessage(
                        failure("hook check exited with 1. Its last lines:\n" + "at least one replica answers 500")))
                .endsWith("Its last lines: at least one replica answers 500");
    }

    private static ApplicationFailure failure(String message) {
        return ApplicationFailure.newNonRetryableFailure(message, "MigrationFailed");
    }
}
