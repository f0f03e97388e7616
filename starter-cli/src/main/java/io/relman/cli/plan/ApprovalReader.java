package io.relman.cli.plan;

import io.relman.cli.yaml.YamlDocument.YamlScalar;
import io.relman.plan.ApprovalGate;
import java.util.List;
import java.util.Set;

/** Reads an environment's {@code approval}: the steps held for a release manager, and for how long. */
final class ApprovalReader {
    static final Set<String> KEYS = Set.of("before", "timeout");

    private ApprovalReader() {}

    static ApprovalGate read(Keys keys) {
        List<String> before = keys.node("before") instanceof YamlScalar scalar
                ? List.of(scalar.value())
                : keys.words("before", "[migrate, rollout]");
        return new ApprovalGate(before, keys.duration("timeout", ApprovalGate.DEFAULT_TIMEOUT));
    }
}
