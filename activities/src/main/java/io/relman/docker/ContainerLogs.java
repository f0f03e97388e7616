package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The last lines a container printed, for failure messages. */
public final class ContainerLogs {
    private ContainerLogs() {}

    public static String tail(DockerClient docker, String container, int lines) {
        StringBuilder text = new StringBuilder();
        try (ResultCallback.Adapter<Frame> callback = docker.logContainerCmd(container)
                .withStdOut(true)
                .withStdErr(true)
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
