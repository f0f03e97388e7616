package io.relman.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relman.database.RestorePrivileges.Rights;
import io.relman.database.RestorePrivileges.Verdict;
import io.relman.plan.Database;
import io.relman.secrets.SecretResolver;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a restore asks of the role that creates its scratch database, decided without a server. */
@Timeout(10)
class RestorePrivilegesTest {
    private static final Database MINIFLUX =
            new Database("miniflux-db", 5432, "miniflux", "miniflux", "MINIFLUX_DB_PASSWORD", "/b", null, null, null);
    private static final Database WITH_ADMIN = new Database(
            "miniflux-db",
            5432,
            "miniflux",
            "miniflux",
            "MINIFLUX_DB_PASSWORD",
            "/b",
            null,
            null,
            null,
            "relman_admin",
            "MINIFLUX_DB_ADMIN_PASSWORD");

    @Test
    void theQueryAsksTheServerAboutTheRolePsqlRunsAsAndTheLiveDatabasesOwner() {
        assertThat(RestorePrivileges.ROLE_SQL)
                .contains(
                        "FROM pg_roles r LEFT JOIN pg_database d ON d.datname = :'live'",
                        "WHERE r.rolname = current_user",
                        "r.rolsuper, r.rolcreatedb",
                        "pg_has_role(current_user, d.datdba, 'USAGE')");
    }

    @Test
    void psqlsTabSeparatedLineIsReadAsTheRolesRights() {
        assertThat(Rights.parse("miniflux\tf\tt\tminiflux\tt\n"))
                .isEqualTo(new Rights("miniflux", false, true, "miniflux", true));
        assertThat(Rights.parse("postgres\tt\tt\t\tf")).isEqualTo(new Rights("postgres", true, true, "", false));
        assertThatThrownBy(() -> Rights.parse("")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anOwnerWithoutCreatedbIsRefusedNamingTheGrantAndTheSetting() {
        Verdict verdict = RestorePrivileges.decide(MINIFLUX, new Rights("miniflux", false, false, "miniflux", true));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.text())
                .isEqualTo("the database role \"miniflux\" may not create databases, which restoring a backup needs"
                        + " (relman restores into a scratch database and swaps it in): grant it with ALTER ROLE"
                        + " miniflux CREATEDB; or give relman a role that may in the plan's database.admin_user and"
                        + " admin_password_env");
    }

    @Test
    void aRoleThatMayCreateDatabasesButDoesNotOwnTheLiveOneIsRefusedNamingTheMembershipItNeeds() {
        Verdict verdict = RestorePrivileges.decide(MINIFLUX, new Rights("app-rw", false, true, "miniflux", false));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.text())
                .isEqualTo("the database role \"app-rw\" may create databases but does not own miniflux (its owner is"
                        + " \"miniflux\"), which restoring a backup needs (relman restores into a scratch database and"
                        + " swaps it in): grant it with GRANT miniflux TO \"app-rw\"; or give relman a role that may in"
                        + " the plan's database.admin_user and admin_password_env");
    }

    @Test
    void aRoleWithNeitherIsToldBothGrants() {
        Verdict verdict = RestorePrivileges.decide(MINIFLUX, new Rights("reader", false, false, "miniflux", false));

        assertThat(verdict.text())
                .startsWith("the database role \"reader\" may not create databases and does not own miniflux (its"
                        + " owner is \"miniflux\"), which restoring a backup needs")
                .contains("grant it with ALTER ROLE reader CREATEDB; GRANT miniflux TO reader; or give relman");
    }

    @Test
    void anOwnerThatMayCreateDatabasesOrASuperuserMayRestore() {
        Verdict owner = RestorePrivileges.decide(MINIFLUX, new Rights("miniflux", false, true, "miniflux", true));
        Verdict superuser = RestorePrivileges.decide(MINIFLUX, new Rights("postgres", true, false, "miniflux", false));

        assertThat(owner)
                .isEqualTo(new Verdict(
                        true,
                        "the database role \"miniflux\" may create databases and acts as the owner of miniflux: a"
                                + " restore can create, swap in and drop its scratch database"));
        assertThat(superuser)
                .isEqualTo(new Verdict(
                        true,
                        "the database role \"postgres\" is a superuser: a restore of miniflux can create, swap in and"
                                + " drop its scratch database"));
    }

    @Test
    void theAdminRoleIsJudgedAsTheOneThatCreatesTheScratchDatabase() {
        Verdict member =
                RestorePrivileges.decide(WITH_ADMIN, new Rights("relman_admin", false, true, "miniflux", true));
        Verdict stranger =
                RestorePrivileges.decide(WITH_ADMIN, new Rights("relman_admin", false, true, "miniflux", false));

        assertThat(member.allowed()).isTrue();
        assertThat(member.text())
                .startsWith("the admin role \"relman_admin\" (the plan's database.admin_user) may"
                        + " create databases and acts as the owner of miniflux");
        assertThat(stranger.allowed()).isFalse();
        assertThat(stranger.text())
                .isEqualTo("the admin role \"relman_admin\" (the plan's database.admin_user) may create databases but"
                        + " does not own miniflux (its owner is \"miniflux\"), which restoring a backup needs (relman"
                        + " restores into a scratch database and swaps it in): grant it with GRANT miniflux TO"
                        + " relman_admin; or name a role that may in the plan's database.admin_user (and its password"
                        + " in admin_password_env)");
    }

    @Test
    void aLiveDatabaseThatIsNotThereIsNamed() {
        Verdict verdict = RestorePrivileges.decide(MINIFLUX, new Rights("miniflux", false, true, "", false));

        assertThat(verdict)
                .isEqualTo(new Verdict(
                        false,
                        "there is no database \"miniflux\" in miniflux-db (asked as miniflux): check database.name and"
                                + " container in the plan"));
    }

    @Test
    void namesThatSqlWouldFoldOrMisreadAreQuotedInTheGrant() {
        assertThat(RestorePrivileges.ident("miniflux")).isEqualTo("miniflux");
        assertThat(RestorePrivileges.ident("App_RW")).isEqualTo("\"App_RW\"");
        assertThat(RestorePrivileges.ident("a\"b")).isEqualTo("\"a\"\"b\"");
    }

    @Test
    void theScratchDatabasesScriptsRunAsTheAdminRoleWithItsPasswordWhenThePlanNamesOne() {
        SecretResolver secrets = new SecretResolver(
                Map.of("MINIFLUX_DB_PASSWORD", "app-secret", "MINIFLUX_DB_ADMIN_PASSWORD", "admin-secret")::get,
                List.of("MINIFLUX_DB_PASSWORD", "MINIFLUX_DB_ADMIN_PASSWORD"));

        assertThat(PgSession.of(null, WITH_ADMIN, secrets).maintenanceLogin())
                .isEqualTo(new PgSession.Login("relman_admin", Map.of("PGPASSWORD", "admin-secret")));
        assertThat(PgSession.of(null, MINIFLUX, secrets).maintenanceLogin())
                .isEqualTo(new PgSession.Login("miniflux", Map.of("PGPASSWORD", "app-secret")));
        assertThat(PgCommands.psqlScript(WITH_ADMIN, "relman_admin", "postgres", Map.of("live", "miniflux")))
                .contains("--username=relman_admin", "--dbname=postgres")
                .doesNotContain("--username=miniflux");
    }

    @Test
    void aDumpNeedsNoAdminPasswordOnlyTheScratchDatabasesScriptsDo() {
        SecretResolver appOnly =
                new SecretResolver(Map.of("MINIFLUX_DB_PASSWORD", "app-secret")::get, List.of("MINIFLUX_DB_PASSWORD"));

        PgSession session = PgSession.of(null, WITH_ADMIN, appOnly);

        assertThat(session.env()).isEqualTo(Map.of("PGPASSWORD", "app-secret"));
        assertThatThrownBy(session::maintenanceLogin)
                .isInstanceOf(ApplicationFailure.class)
                .hasMessageContaining("MINIFLUX_DB_ADMIN_PASSWORD (database.admin_password_env, the password of"
                        + " relman_admin), which this worker does not hand out");
    }
}
