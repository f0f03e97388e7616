package io.relman.plan;

import java.util.List;

/** The app's own migration commands (argv, run in a one-off container of the new image). */
public record Migration(List<String> up, List<String> down) {
  public Migration {
    up = List.copyOf(up);
    down = List.copyOf(down);
  }
}
