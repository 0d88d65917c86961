package io.pcagent.images;

/** An import asked over the API, as the run keeps it: the image's name in the images folder and its enroot URI. */
public record ImageImportRequest(String name, String source) {}
