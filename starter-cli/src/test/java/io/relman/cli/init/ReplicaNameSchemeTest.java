package io.relman.cli.init;

import static io.relman.cli.init.ComposePlanTest.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relman.stack.StackContainer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The naming scheme relman init finds for containers that run one image: the number that tells them apart,
 * wherever it is in their names (a deployment guide's {@code cosmic-app-1-prod}), and one clear sentence when
 * there is none.
 */
@Timeout(10)
class ReplicaNameSchemeTest {
    private static List<StackContainer> named(String... names) {
        return Arrays.stream(names)
                .map(name -> container(name, name, "acme/app:v1"))
                .toList();
    }

    @Test
    void theNumberAtTheEndOrInsideTheNameIsTheReplicas() {
        assertThat(ComposePlan.template(named("stack-api-1", "stack-api-2"))).isEqualTo("stack-api-{n}");
        assertThat(ComposePlan.template(named("forge-web-1-prod", "forge-web-2-prod", "forge-web-3-prod")))
                .isEqualTo("forge-web-{n}-prod");
        assertThat(ComposePlan.template(named("miniflux_web_1", "miniflux_web_2")))
                .isEqualTo("miniflux_web_{n}");
    }

    @Test
    void aNumberTheNamesShareIsPartOfTheScheme() {
        assertThat(ComposePlan.template(named("app2-web-1", "app2-web-2"))).isEqualTo("app2-web-{n}");
        assertThat(ComposePlan.template(named("php8-1-fpm", "php8-2-fpm"))).isEqualTo("php8-{n}-fpm");
    }

    @Test
    void namesThatDifferElsewhereHaveNoSchemeAndTheMessageSaysTheFix() {
        assertThatThrownBy(() -> ComposePlan.template(named("web-1-prod", "web-2-staging")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "the containers [web-1-prod, web-2-staging] run one image with one command but their names differ in"
                                + " more than one number, so relman cannot name their replicas by a scheme like NAME-{n} or"
                                + " NAME-{n}-prod: give each its own compose service, or rename them to differ only in a number");
        assertThatThrownBy(() -> ComposePlan.template(named("web-1", "web-1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ComposePlan.template(named("web-01", "web-02")))
                .hasMessage("the containers [web-01, web-02] are numbered with leading zeros, and relman names"
                        + " replicas web-1, web-2...: rename them that way");
        assertThat(ComposePlan.template(named("web-99999999999", "web-99999999998")))
                .isEqualTo("web-{n}");
    }
}
