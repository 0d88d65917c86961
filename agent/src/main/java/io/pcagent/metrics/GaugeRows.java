package io.pcagent.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A labelled gauge family whose rows follow each snapshot. A row that stays keeps its meter and only its
 * value changes; rows that go are removed. (Re-registering every row on every update makes Micrometer
 * remove and add meters while a scrape may be reading them, which can expose the same series twice.)
 */
final class GaugeRows {
  private final MultiGauge gauge;
  private final double scale;
  private Map<Tags, AtomicLong> values = new HashMap<>();

  GaugeRows(MeterRegistry registry, String name, String description, String baseUnit) {
    this(registry, name, description, baseUnit, 1);
  }

  /** @param scale what one unit of the stored whole numbers is worth (1e-6 for microseconds shown as seconds) */
  GaugeRows(MeterRegistry registry, String name, String description, String baseUnit, double scale) {
    this.scale = scale;
    MultiGauge.Builder builder = MultiGauge.builder(name).description(description);
    if (baseUnit != null) {
      builder.baseUnit(baseUnit);
    }
    this.gauge = builder.register(registry);
  }

  synchronized void set(Map<Tags, Long> next) {
    Map<Tags, AtomicLong> holders = new HashMap<>();
    next.forEach((tags, value) -> {
      AtomicLong holder = values.getOrDefault(tags, new AtomicLong());
      holder.set(value);
      holders.put(tags, holder);
    });
    values = holders;
    List<MultiGauge.Row<?>> rows = holders.entrySet().stream()
        .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(e.getKey(), e.getValue(), h -> h.get() * scale)).toList();
    gauge.register(rows, false);
  }
}
