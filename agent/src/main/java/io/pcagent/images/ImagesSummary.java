package io.pcagent.images;

/** Images by state, for {@code pcagent_images{state}}: whole images, .sqsh files that are not, imports not finished. */
public record ImagesSummary(long available, long invalid, long importing) {}
