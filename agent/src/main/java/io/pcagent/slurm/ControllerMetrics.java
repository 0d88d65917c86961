package io.pcagent.slurm;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where slurmctld serves its own scheduler metrics, from what {@code scontrol show config} prints
 * ({@code Key = value} lines): only with {@code MetricsType = metrics/openmetrics} (Slurm 25.11 and later); on the
 * first controller's address ({@code SlurmctldHost[0] = name(address)}, the name when no address is given) and the
 * first of its ports (ParallelCluster's slurm.conf says {@code SlurmctldPort=6820-6829}: slurmctld answers HTTP on its
 * own port, https://slurm.schedmd.com/metrics.html).
 */
public final class ControllerMetrics {
  private ControllerMetrics() {}

  public static Optional<URI> schedulerEndpoint(String showConfig) {
    Map<String, String> config = new HashMap<>();
    for (String line : showConfig.split("\n")) {
      int equals = line.indexOf(" = ");
      if (equals > 0) {
        config.put(line.substring(0, equals).strip(), line.substring(equals + 3).strip());
      }
    }
    if (!config.getOrDefault("MetricsType", "").equals("metrics/openmetrics")) {
      return Optional.empty();
    }
    String host = config.getOrDefault("SlurmctldHost[0]", "");
    int open = host.indexOf('(');
    String address = open >= 0 && host.endsWith(")") ? host.substring(open + 1, host.length() - 1) : host;
    String port = config.getOrDefault("SlurmctldPort", "").split("-")[0];
    if (address.isEmpty() || !port.matches("\\d+")) {
      return Optional.empty();
    }
    return Optional.of(URI.create("http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port + "/metrics/scheduler"));
  }
}
