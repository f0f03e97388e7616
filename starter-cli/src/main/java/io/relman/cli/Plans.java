package io.relman.cli;

import io.relman.cli.plan.PlanException;
import io.relman.cli.plan.PlanLoader;
import io.relman.plan.Plan;
import java.nio.file.Path;

/** Loads a plan for a command, printing its problems the one way every command prints them. */
final class Plans {
  private Plans() {}

  /** The plan, or null after printing why it cannot be used. */
  static Plan loadOrReport(Path file) {
    try {
      return PlanLoader.load(file);
    } catch (PlanException e) {
      System.err.println("relman: the plan " + file + " cannot be used; nothing was changed:");
      e.problems().forEach(problem -> System.err.println("  " + problem));
      return null;
    }
  }
}
