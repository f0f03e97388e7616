package io.relman.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An app's DATABASE_URL, read for relman init without its password. */
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

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mysql://app:pw@db/app",
                "postgres://",
                "postgres://app:pw@/app",
                "host=db user=app dbname=app",
                "https://example.org/",
                "postgres://db:notaport/app"
            })
    void whatIsNotAPostgresUrlWithAHostIsNone(String value) {
        assertThat(DatabaseUrls.parse("DATABASE_URL", value)).isEmpty();
    }
}
