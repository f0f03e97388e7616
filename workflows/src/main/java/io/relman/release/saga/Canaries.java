package io.relman.release.saga;

import java.util.List;

/** The canaries of one release of one service: their names, whether they are gone, where the analysis reads. */
final class Canaries {
    final List<String> names;
    boolean removed;
    /** Where the next look of the analysis reads nginx's upstream log from; negative before the first. */
    long logOffset = -1;

    Canaries(List<String> names) {
        this.names = List.copyOf(names);
    }
}
