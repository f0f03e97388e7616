package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code docker exec} with an argv list (never a shell string), its output and exit code. */
public final class DockerExec {
  private final DockerClient docker;

  public DockerExec(DockerClient docker) {
    this.docker = docker;
  }

  public record Result(int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
      return exitCode == 0;
    }

    /** stderr if there is any, else stdout: what a person wants to read when it failed. */
    public String message() {
      return (stderr.isBlank() ? stdout : stderr).strip();
    }
  }

  public Result run(String container, List<String> argv, Duration timeout) {
    String execId = docker.execCreateCmd(container).withCmd(argv.toArray(String[]::new))
        .withAttachStdout(true).withAttachStderr(true).exec().getId();
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    try (ResultCallback.Adapter<Frame> callback = docker.execStartCmd(execId).exec(new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Frame frame) {
        (frame.getStreamType() == StreamType.STDERR ? err : out).append(new String(frame.getPayload(), StandardCharsets.UTF_8));
      }
    })) {
      if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("`" + String.join(" ", argv) + "` in " + container + " did not finish within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running `" + String.join(" ", argv) + "` in " + container, e);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    Long exitCode = docker.inspectExecCmd(execId).exec().getExitCodeLong();
    return new Result(exitCode == null ? -1 : exitCode.intValue(), out.toString(), err.toString());
  }
}
