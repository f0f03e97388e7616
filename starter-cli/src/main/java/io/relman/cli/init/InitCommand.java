package io.relman.cli.init;

import io.relman.cli.common.CommandException;
import io.relman.cli.common.ExitCode;
import io.relman.cli.common.TemporalOptions;
import io.relman.cli.plan.PlanException;
import io.relman.cli.plan.PlanLoader;
import io.relman.stack.DescribeStackWorkflow;
import io.relman.stack.FindHealthPathWorkflow;
import io.relman.stack.HealthPathSearch;
import io.relman.stack.StackDescription;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "init",
        header = "Write a plan for a docker-compose project that runs.",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Write a plan for a docker-compose project that runs, from what the engine says of it (through a relman",
            "worker): its containers grouped into services by image and named as they are named (replica_names),",
            "the network they share, the nginx in front of them and the upstream that sends traffic to each (read",
            "with nginx -T and the master's own -c), its PostgreSQL, MariaDB or MySQL (the engine by the image; user",
            "and database as the app's DATABASE_URL or Laravel's DB_* name them; never the password). Each served",
            "service's health path is the first of /health, /healthz, /healthcheck, /ready, /readiness, /livez,",
            "/status, /ping and / that a running replica answers 2xx from nginx's network (marked found). A service",
            "no upstream serves is a worker without a port; images are taken as built elsewhere. Every line relman",
            "had to guess says so. The plan is then validated; the changes the stack still needs (an upstream in a",
            "file of its own) and the lines the worker needs in .relman/local.env are printed. Changes nothing in",
            "the stack."
        },
        footer = {"", "Example:", "  relman init --from-compose shop --env production --out relman.yml"})
public final class InitCommand implements Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);

    @Option(
            names = "--from-compose",
            required = true,
            paramLabel = "PROJECT",
            description = "The compose project that runs (its containers' com.docker.compose.project label).")
    String project;

    @Option(
            names = "--env",
            required = true,
            paramLabel = "ENV",
            description = "The environment the running stack is, in the plan (lowercase letters, digits, dashes).")
    String environment;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            defaultValue = "relman.yml",
            description = "Where to write the plan (default: ${DEFAULT-VALUE}); an existing file is left alone.")
    Path out;

    @Mixin
    TemporalOptions temporal;

    @Override
    public Integer call() {
        if (!NAME.matcher(environment).matches()) {
            throw new CommandException(
                    ExitCode.BAD_INPUT,
                    "--env " + environment + " must be lowercase letters,"
                            + " digits and dashes: it becomes part of workflow ids. Nothing was written.");
        }
        if (Files.exists(out)) {
            throw new CommandException(
                    ExitCode.BAD_INPUT,
                    out + " exists; relman init does not overwrite a plan."
                            + " Name another file with --out. Nothing was written.");
        }
        WorkflowClient client = temporal.connect();
        StackDescription stack = temporal.ask(
                "describe-" + project,
                "Describe the compose project " + project,
                ANSWER_WITHIN,
                client,
                options -> client.newWorkflowStub(DescribeStackWorkflow.class, options)
                        .describe(project));
        HealthPaths healthPaths = (loadBalancer, replica, port, paths) -> temporal.ask(
                "find-health-path-" + project,
                "Find the health path of " + replica,
                ANSWER_WITHIN,
                client,
                options -> client.newWorkflowStub(FindHealthPathWorkflow.class, options)
                        .find(new HealthPathSearch(loadBalancer, replica, port, paths)));
        ComposePlan.Written plan;
        try {
            plan = ComposePlan.write(stack, environment, healthPaths, RelmanCheckout.schemaUri());
        } catch (IllegalArgumentException cannotDescribe) {
            throw new CommandException(
                    ExitCode.BAD_INPUT,
                    "relman init cannot write a plan for compose project " + project + ": "
                            + cannotDescribe.getMessage() + ". Nothing was written.");
        }
        try {
            Files.writeString(out, plan.yaml());
        } catch (IOException e) {
            throw new CommandException(
                    ExitCode.BAD_INPUT,
                    "relman init cannot write " + out + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "); name a file in a directory you may write with --out.");
        }
        System.out.println("Wrote " + out + " for compose project " + project + " ("
                + stack.containers().size() + " containers) as environment " + environment + ".");
        try {
            PlanLoader.load(out);
            System.out.println("It is a valid plan: relman validate --plan " + out + " shows what it describes.");
        } catch (PlanException e) {
            System.out.println("It is not a valid plan yet; fix what relman guessed wrong:\n  "
                    + String.join("\n  ", e.problems()));
            return ExitCode.FAILED;
        }
        if (plan.changesToMake().isEmpty()) {
            System.out.println("nginx needs no change: relman can release the stack as it is.");
        } else {
            System.out.println("Before the first release, change the stack:");
            plan.changesToMake().forEach(change -> System.out.println("  - " + change));
        }
        plan.localEnvAdvice().forEach(System.out::println);
        return ExitCode.DONE;
    }
}
