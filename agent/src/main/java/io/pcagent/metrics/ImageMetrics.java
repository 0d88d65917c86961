package io.pcagent.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.pcagent.collect.Collector;
import io.pcagent.collect.Snapshot;
import io.pcagent.images.ImagesSummary;
import java.util.Map;

/** {@code pcagent_images{state}}: available and invalid images in the images folder, and imports not finished. */
public final class ImageMetrics {
  private final GaugeRows images;

  public ImageMetrics(MeterRegistry registry, Collector<ImagesSummary> summaries) {
    images = new GaugeRows(registry, "pcagent.images", "Enroot images in the images folder by state, and unfinished imports", null);
    summaries.onUpdate(this::update);
  }

  private void update(Snapshot<ImagesSummary> snapshot) {
    snapshot.value().ifPresent(summary -> images.set(Map.of(
        Tags.of("state", "available"), summary.available(),
        Tags.of("state", "invalid"), summary.invalid(),
        Tags.of("state", "importing"), summary.importing())));
  }
}
