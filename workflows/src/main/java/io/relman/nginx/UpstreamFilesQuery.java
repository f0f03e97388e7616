package io.relman.nginx;

import io.relman.plan.Host;
import io.relman.plan.OnHost;
import java.util.List;

/** The upstream files relman manages in nginx container {@code container}, to be read as they are. */
public record UpstreamFilesQuery(Host host, String container, List<String> files) implements OnHost {
    public UpstreamFilesQuery {
        files = List.copyOf(files);
    }
}
