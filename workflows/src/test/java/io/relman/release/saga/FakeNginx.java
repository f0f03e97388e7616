package io.relman.release.saga;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import io.relman.nginx.LoadBalancerActivities;
import io.relman.nginx.UpstreamFile;
import io.relman.nginx.UpstreamFilesQuery;
import io.relman.nginx.UpstreamUpdate;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The mocked stack's nginx files: written as relman's activity renders them, read back as they are. */
final class FakeNginx {
    /** The files by path. */
    final Map<String, String> files = Collections.synchronizedMap(new HashMap<>());

    /**
     * Makes {@code loadBalancer} keep its files here: each upstream it applies is written (and added to
     * {@code upstreams}), and its reads answer the files as they are.
     */
    void serve(LoadBalancerActivities loadBalancer, List<List<String>> upstreams) {
        doAnswer(call -> {
                    UpstreamUpdate update = call.getArgument(0);
                    files.put(
                            update.configFile(),
                            upstreamFile(update.upstream(), update.servers(), update.generation()));
                    return upstreams.add(update.servers());
                })
                .when(loadBalancer)
                .applyUpstream(any());
        doAnswer(call -> call.<UpstreamFilesQuery>getArgument(0).files().stream()
                        .map(file -> new UpstreamFile(file, files.get(file)))
                        .toList())
                .when(loadBalancer)
                .read(any());
    }

    /** A file as relman's nginx activity writes it: the upstream, each server tuned, and the generation marker. */
    static String upstreamFile(String upstream, List<String> servers, String generation) {
        StringBuilder text = new StringBuilder("# Written by relman. Generation " + generation + ".\n")
                .append("upstream ")
                .append(upstream)
                .append(" {\n");
        servers.forEach(server -> text.append("    server ").append(server).append(" max_fails=1 fail_timeout=2s;\n"));
        return text.append("}\nserver {\n    listen 127.0.0.1:8099;\n    server_name ")
                .append(upstream)
                .append(".generation.relman;\n    location = /relman/generation { return 200 \"")
                .append(generation)
                .append("\\n\"; }\n}\n")
                .toString();
    }
}
