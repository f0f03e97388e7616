package io.relman.release;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** relman's own record of releases, kept outside Temporal so it outlives the history's retention. */
@ActivityInterface(namePrefix = "Release")
public interface ReleaseActivities {

    /** Stores the record; recording the same run again replaces it. */
    void record(ReleaseRecord record);

    /** The newest releases of one environment, newest first. */
    List<ReleaseRecord> history(HistoryRequest request);
}
