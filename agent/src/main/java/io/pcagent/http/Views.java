package io.pcagent.http;

import io.pcagent.collect.Snapshot;
import io.pcagent.collect.SourceStatus;
import io.pcagent.health.CheckResult;
import io.pcagent.health.HealthReport;
import io.pcagent.slurm.Job;
import io.pcagent.slurm.Node;
import io.pcagent.slurm.Partition;
import io.pcagent.slurm.SlurmTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API's JSON shapes, built by hand so that field names stay stable whatever the model does. Absent
 * values are {@code null}, never missing. Slurm times are the cluster's local time, ISO-8601 without zone.
 */
final class Views {
  private Views() {}

  static Map<String, Object> list(String field, List<?> items, Snapshot<?> snapshot, Instant now) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(field, items);
    body.put("source", source(snapshot.status(), now));
    return body;
  }

  static Map<String, Object> source(SourceStatus status, Instant now) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", status.source());
    view.put("up", status.up());
    view.put("stale", !status.up());
    view.put("lastSuccess", status.lastSuccess().map(Instant::toString).orElse(null));
    view.put("ageSeconds", status.age(now).map(age -> age.toMillis() / 1000.0).orElse(null));
    view.put("error", status.lastError().orElse(null));
    return view;
  }

  static Map<String, Object> node(Node node) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", node.name());
    view.put("state", node.state().category());
    view.put("service", node.state().service().label());
    view.put("baseState", node.state().base());
    view.put("flags", node.state().flags().stream().sorted().toList());
    view.put("rawState", node.state().raw());
    view.put("unknownStates", node.state().unknown());
    view.put("dynamic", node.dynamic());
    view.put("partitions", node.partitions());
    view.put("cpusAllocated", node.cpusAllocated());
    view.put("cpusTotal", node.cpusTotal());
    view.put("memoryAllocatedMb", node.memoryAllocatedMb());
    view.put("memoryTotalMb", node.memoryTotalMb());
    view.put("gres", node.gres().orElse(null));
    view.put("gpusTotal", node.gpusTotal());
    view.put("gpusAllocated", node.gpusAllocated());
    view.put("address", node.address().orElse(null));
    view.put("hostname", node.hostname().orElse(null));
    view.put("reason", node.reason().map(r -> {
      Map<String, Object> reason = new LinkedHashMap<>();
      reason.put("text", r.text());
      reason.put("user", r.user().orElse(null));
      reason.put("since", time(r.since()));
      return reason;
    }).orElse(null));
    view.put("bootTime", time(node.bootTime()));
    view.put("slurmdStartTime", time(node.slurmdStartTime()));
    view.put("version", node.version().orElse(null));
    view.put("reservation", node.reservation().orElse(null));
    view.put("instanceId", node.instanceId().orElse(null));
    view.put("instanceType", node.instanceType().orElse(null));
    return view;
  }

  static Map<String, Object> partition(Partition partition) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", partition.name());
    view.put("state", partition.state());
    view.put("nodes", partition.nodes());
    view.put("totalNodes", partition.totalNodes());
    view.put("totalCpus", partition.totalCpus());
    view.put("default", partition.isDefault());
    view.put("maxTime", partition.maxTime().orElse(null));
    return view;
  }

  static Map<String, Object> job(Job job) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", job.id());
    view.put("jobId", job.jobId());
    view.put("arrayJobId", job.arrayJobId().orElse(null));
    view.put("arrayTaskId", job.arrayTaskId().orElse(null));
    view.put("name", job.name());
    view.put("user", job.user());
    view.put("state", job.state());
    view.put("reason", job.reason().orElse(null));
    view.put("partition", job.partition());
    view.put("nodeCount", job.nodeCount());
    view.put("cpus", job.cpus());
    view.put("nodes", job.nodeList().orElse(null));
    view.put("submitTime", time(job.submitTime()));
    view.put("startTime", time(job.startTime()));
    view.put("endTime", time(job.endTime()));
    view.put("elapsed", job.elapsed());
    view.put("timeLimit", job.timeLimit().orElse(null));
    return view;
  }

  static Map<String, Object> health(HealthReport report, List<SourceStatus> sources, Instant now) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("status", report.status().label());
    view.put("checkedAt", report.checkedAt().toString());
    view.put("checks", report.checks().stream().map(Views::check).toList());
    view.put("sources", sources.stream().map(s -> source(s, now)).toList());
    return view;
  }

  private static Map<String, Object> check(CheckResult check) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", check.name());
    view.put("status", check.status().label());
    view.put("detail", check.detail());
    view.put("items", check.items());
    return view;
  }

  private static String time(Optional<LocalDateTime> time) {
    return time.map(SlurmTime::format).orElse(null);
  }
}
