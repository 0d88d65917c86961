package io.pcagent.collect;

import io.pcagent.slurm.ParseProblem;
import io.pcagent.slurm.Parsed;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of Slurm's output that each source's last read could not parse, and how many over the agent's life.
 * A bad record is reported here (health check, metric) while the source goes on with every good record: one odd
 * line is not an outage, and it never makes slurmctld look down.
 */
public final class ParseProblems {
  private static final Logger LOG = LoggerFactory.getLogger(ParseProblems.class);

  private final Map<String, List<ParseProblem>> latest = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> totals = new ConcurrentHashMap<>();

  /** Records the problems of one read of {@code source} and returns its good records. */
  public <T> List<T> keep(String source, Parsed<T> parsed) {
    List<ParseProblem> problems = parsed.problems();
    List<ParseProblem> before = latest.put(source, problems);
    total(source).addAndGet(problems.size());
    if (!problems.isEmpty() && !problems.equals(before)) {
      LOG.warn("{}: {} record(s) could not be read, the other {} were: {}", source, problems.size(),
          parsed.records().size(), problems.get(0).summary());
    }
    return parsed.records();
  }

  /** Each source's problems of its last read (sources without problems map to an empty list). */
  public Map<String, List<ParseProblem>> latest() {
    return Map.copyOf(latest);
  }

  /** Problems counted since the agent started, for {@code pcagent_parse_errors_total}. */
  public AtomicLong total(String source) {
    return totals.computeIfAbsent(source, s -> new AtomicLong());
  }
}
