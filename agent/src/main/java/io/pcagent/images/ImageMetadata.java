package io.pcagent.images;

/**
 * What the agent knows of an image beyond its file, kept beside it as {@code .NAME.sqsh.json}: where it came from,
 * the registry's digest when enroot could tell it (null otherwise), when and by which run it was imported, and the
 * SHA-256 of the file as written.
 */
public record ImageMetadata(String source, String digest, String importedAt, String runId, String sha256) {}
