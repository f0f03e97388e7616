package io.relman.stack;

import java.util.List;

/**
 * A running compose project as the engine has it: its containers, and the configuration of every nginx
 * among them as {@code nginx -T} prints it (run with the master's own {@code -c}).
 */
public record StackDescription(String project, List<StackContainer> containers, List<NginxDump> nginx) {
    public StackDescription {
        containers = List.copyOf(containers);
        nginx = List.copyOf(nginx);
    }

    /** What {@code nginx -T} printed in {@code container}: every configuration file, each after its name. */
    public record NginxDump(String container, String configuration) {}
}
