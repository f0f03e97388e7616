package io.relman.docker;

/** An image that exists on the engine: its tag and content-addressed id. */
public record BuiltImage(String tag, String imageId) {}
