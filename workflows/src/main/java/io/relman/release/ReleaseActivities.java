package io.relman.release;

import io.temporal.activity.ActivityInterface;

/** relman's own record of releases, kept outside Temporal so it outlives the history's retention. */
@ActivityInterface(namePrefix = "Release")
public interface ReleaseActivities {

  /** Stores the record; recording the same run again replaces it. */
  void record(ReleaseRecord record);
}
