package io.relman.cli.validate;

import io.relman.cli.common.ExitCode;
import io.relman.cli.plan.PlanSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
        name = "schema",
        header = "Print the plan's JSON Schema, for editors.",
        mixinStandardHelpOptions = true,
        description = {
            "Print the plan's JSON Schema (draft-07), for editors: every key, its type, default and description.",
            "It allows no other key. Editors with yaml-language-server check and complete relman.yml with it",
            "(docs/editor.md); docs/plan.schema.json is this output."
        },
        footer = {"", "Example:", "  relman schema > plan.schema.json"})
public final class SchemaCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.print(PlanSchema.json());
        return ExitCode.DONE;
    }
}
