package io.relman.docker;

import io.relman.plan.Host;
import io.relman.plan.OnHost;
import java.util.Map;

/** Build {@code tag} from {@code context}/{@code dockerfile}; labels mark the image as relman's. */
public record ImageBuildRequest(
        Host host, String tag, String context, String dockerfile, Map<String, String> args, Map<String, String> labels)
        implements OnHost {
    public ImageBuildRequest {
        args = Map.copyOf(args);
        labels = Map.copyOf(labels);
    }
}
