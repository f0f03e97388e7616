package io.relman.cli.hosts;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "hosts",
        header = "Check the SSH host keys of the machines an environment runs on.",
        mixinStandardHelpOptions = true,
        description = {
            "The machines an environment runs on over SSH (the plan's environments.ENV.hosts). The worker",
            "checks every host's key against the plan's known_hosts and refuses a host whose key is not there."
        },
        subcommands = {HostsTrustCommand.class, CommandLine.HelpCommand.class})
public final class HostsCommand {}
