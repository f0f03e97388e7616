package io.relman.cli.hosts;

import com.jcraft.jsch.JSchException;
import io.relman.cli.common.CommandException;
import io.relman.cli.common.ExitCode;
import io.relman.cli.common.PlanOption;
import io.relman.cli.hosts.HostKeyScan.ScannedKey;
import io.relman.plan.Environment;
import io.relman.plan.Host;
import io.relman.plan.Plan;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "trust",
        header = "Show the SSH host keys the hosts present, for you to trust them.",
        mixinStandardHelpOptions = true,
        description = {
            "Show the SSH host keys an environment's hosts present now, for you to check before trusting them:",
            "the fingerprints (and whether the plan's known_hosts holds them) go to standard error, the",
            "known_hosts lines to standard output. relman never trusts a key by itself. Logs in nowhere."
        },
        footer = {
            "",
            "Check each fingerprint against the host's own (on the host: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub),",
            "through a channel you trust, then append the lines:",
            "  relman hosts trust --env prod",
            "  relman hosts trust --env prod >> /etc/relman/known_hosts",
            "",
            "Exit codes: 0 every host answered, 2 bad input, 3 a host did not answer."
        })
final class HostsTrustCommand implements Callable<Integer> {
    @Option(
            names = "--env",
            required = true,
            paramLabel = "ENV",
            description = "Environment of the plan whose hosts to scan.")
    String environment;

    @Mixin
    PlanOption plan;

    @Override
    public Integer call() {
        Plan loaded = plan.load();
        Environment env = loaded.environment(environment)
                .orElseThrow(() -> new CommandException(
                        ExitCode.BAD_INPUT, plan.unknownEnvironment(loaded, environment) + " Nothing was changed."));
        if (env.hosts().isEmpty()) {
            throw new CommandException(
                    ExitCode.BAD_INPUT,
                    "environment '" + environment + "' of " + plan + " lists no SSH host (hosts:): it runs on the"
                            + " worker's own docker engine, and there is no key to trust.");
        }
        int exitCode = ExitCode.DONE;
        for (Host host : env.hosts().values()) {
            if (host.worker() != null) {
                System.err.println(
                        host.describe() + ": has a worker of its own, and relman does not reach it over SSH");
                continue;
            }
            if (host.jump() != null) {
                // Its sshd answers only on the bastion's side; the scan runs there, and never logs in here.
                System.err.println(host.describe() + ": reached through "
                        + host.jump().name()
                        + ", so not scanned from here. On " + host.jump().name() + ", run: ssh-keyscan -p "
                        + host.port() + " " + host.sshAddress() + ", check each key out of band, and add the lines"
                        + " to " + host.knownHosts());
                continue;
            }
            try {
                List<ScannedKey> keys = HostKeyScan.scan(host);
                for (ScannedKey key : keys) {
                    System.err.println(host.describe() + ": " + key.fingerprint() + " (" + key.verdict() + ")");
                    if (key.trustable()) {
                        System.out.println(key.knownHostsLine(host));
                    }
                }
            } catch (JSchException silent) {
                System.err.println(host.describe() + ": does not answer over SSH (" + silent.getMessage() + ")");
                exitCode = ExitCode.UNREACHABLE;
            }
        }
        return exitCode;
    }
}
