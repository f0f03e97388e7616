package io.relman.plan;

/**
 * The rules of a database's admin role ({@code admin_user}, {@code admin_password_env}): given together or
 * not at all, a role name and the name of the worker's variable holding its password.
 */
final class DatabaseAdminRules {
    private DatabaseAdminRules() {}

    static void check(Problems problems, String path, Database database) {
        if (database.adminUser() == null && database.adminPasswordEnv() == null) {
            return;
        }
        problems.text(
                path + "/admin_user",
                database.adminUser(),
                PlanValidator.DATABASE_NAME,
                database.adminUser() == null
                        ? "the role whose password admin_password_env holds, which creates, drops and renames the"
                                + " scratch database of a restore, e.g. shop_admin; or remove admin_password_env"
                        : "a role name, e.g. shop_admin",
                true);
        problems.text(
                path + "/admin_password_env",
                database.adminPasswordEnv(),
                Problems.ENV_VAR,
                "the name of the worker's environment variable that holds admin_user's password, e.g."
                        + " SHOP_DB_ADMIN_PASSWORD, not the password itself",
                true);
    }
}
