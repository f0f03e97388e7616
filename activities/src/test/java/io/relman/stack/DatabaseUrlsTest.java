package io.relman.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An app's DATABASE_URL or Laravel's DB_*, read for relman init without its password. */
@Timeout(5)
class DatabaseUrlsTest {
    @Test
    void userHostPortAndDatabaseAreReadAndThePasswordIsNot() {
        Optional<DatabaseUrl> url =
                DatabaseUrls.parse("DATABASE_URL", "postgres://wiki:s3cr:et@wiki-db:5433/wiki_prod?sslmode=disable");

        assertThat(url).contains(new DatabaseUrl("DATABASE_URL", "wiki", "wiki-db", 5433, "wiki_prod"));
        assertThat(url.orElseThrow().toString()).doesNotContain("s3cr");
    }

    @Test
    void aPasswordWithARawAtSignStaysBehindWhole() {
        Optional<DatabaseUrl> url = DatabaseUrls.parse("DATABASE_URL", "postgres://mini:p@ss@w@rd@db/miniflux");

        assertThat(url).contains(new DatabaseUrl("DATABASE_URL", "mini", "db", null, "miniflux"));
        assertThat(url.orElseThrow().toString()).doesNotContain("ss").doesNotContain("rd");
    }

    @Test
    void partsTheUrlLeavesOutAreNullAndEscapesAreDecoded() {
        assertThat(DatabaseUrls.parse("APP_DB", "postgresql://db"))
                .contains(new DatabaseUrl("APP_DB", null, "db", null, null));
        assertThat(DatabaseUrls.parse("APP_DB", "PostgreSQL://app%40corp:pw@db/my%20db#x"))
                .contains(new DatabaseUrl("APP_DB", "app@corp", "db", null, "my db"));
        assertThat(DatabaseUrls.parse("APP_DB", "postgres://a+b@db/"))
                .contains(new DatabaseUrl("APP_DB", "a+b", "db", null, null));
    }

    @Test
    void mysqlAndMariadbUrlsAreReadAsPostgresOnesAre() {
        assertThat(DatabaseUrls.parse("DATABASE_URL", "mysql://forge:s3cret@forge-db:3307/forge"))
                .contains(new DatabaseUrl("DATABASE_URL", "forge", "forge-db", 3307, "forge"));
        assertThat(DatabaseUrls.parse("DATABASE_URL", "MariaDB://forge@db/forge?charset=utf8mb4"))
                .contains(new DatabaseUrl("DATABASE_URL", "forge", "db", null, "forge"));
        assertThat(DatabaseUrls.parse("DATABASE_URL", "mysql2://shop:pw@db/shop_production"))
                .contains(new DatabaseUrl("DATABASE_URL", "shop", "db", null, "shop_production"));
    }

    @Test
    void laravelsDbSettingsAreOneAddressAndItsPasswordIsNotRead() {
        String[] env = {
            "APP_KEY=base64:abc",
            "DB_CONNECTION=mariadb",
            "DB_HOST=db",
            "DB_PORT=3306",
            "DB_DATABASE=forge",
            "DB_USERNAME=forge",
            "DB_PASSWORD=s3cret",
            "REDIS_URL=redis://cache:6379"
        };

        assertThat(DatabaseUrls.in(env)).containsExactly(new DatabaseUrl("DB_*", "forge", "db", 3306, "forge"));
        assertThat(DatabaseUrls.in(env).toString()).doesNotContain("s3cret");
    }

    @Test
    void urlsComeInTheirVariablesOrderAndDbSettingsOfOtherEnginesOrWithoutAHostAreNone() {
        assertThat(DatabaseUrls.in(new String[] {
                    "CACHE_DB=postgres://cache@pg/cache", "DATABASE_URL=mysql://app:pw@db/app", "DB_CONNECTION=mysql"
                }))
                .containsExactly(
                        new DatabaseUrl("CACHE_DB", "cache", "pg", null, "cache"),
                        new DatabaseUrl("DATABASE_URL", "app", "db", null, "app"));
        assertThat(DatabaseUrls.in(new String[] {"DB_CONNECTION=sqlite", "DB_HOST=db", "DB_DATABASE=app"}))
                .isEmpty();
        assertThat(DatabaseUrls.in(new String[] {"DB_HOST=db", "DB_USERNAME=app"}))
                .as("DB_HOST alone is not Laravel's")
                .isEmpty();
        assertThat(DatabaseUrls.in(new String[] {"DB_CONNECTION=mysql", "DB_HOST=db", "DB_PORT=${DB_PORT}"}))
                .containsExactly(new DatabaseUrl("DB_*", null, "db", null, null));
        assertThat(DatabaseUrls.in(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mongodb://app:pw@db/app",
                "postgres://",
                "postgres://app:pw@/app",
                "host=db user=app dbname=app",
                "https://example.org/",
                "postgres://db:notaport/app"
            })
    void whatIsNotADatabaseUrlWithAHostIsNone(String value) {
        assertThat(DatabaseUrls.parse("DATABASE_URL", value)).isEmpty();
    }
}
