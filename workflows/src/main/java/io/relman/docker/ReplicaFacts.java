package io.relman.docker;

/** What the pre-flight needs to know of a replica that exists, however it was found. */
public interface ReplicaFacts {
    String container();

    /** The release it runs. */
    String version();

    boolean running();

    /** Whether it binds a port of the host, which a second copy of it could not. */
    boolean publishesHostPort();
}
