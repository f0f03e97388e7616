package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The last lines a container printed, for failure messages: its output, then its errors. Docker copies
 * stdout and stderr through two pipes and keeps no order between them (a log line printed before a
 * traceback can land after it), and the error a failure ends with is on stderr: so stderr comes last, where
 * a short message takes its last line from.
 */
public final class ContainerLogs {
    private ContainerLogs() {}

    /** The last {@code lines} lines of each of the container's streams, stdout's first. */
    public static String tail(DockerClient docker, String container, int lines) {
        String out = tail(docker, container, lines, false);
        String err = tail(docker, container, lines, true);
        return out.isEmpty() ? err : err.isEmpty() ? out : out + "\n" + err;
    }

    private static String tail(DockerClient docker, String container, int lines, boolean stderr) {
        StringBuilder text = new StringBuilder();
        try (ResultCallback.Adapter<Frame> callback = docker.logContainerCmd(container)
                .withStdOut(!stderr)
                .withStdErr(stderr)
                .withTail(lines)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                })) {
            callback.awaitCompletion(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "(its logs could not be read: " + e.getMessage() + ")";
        }
        return text.toString().strip();
    }
}
