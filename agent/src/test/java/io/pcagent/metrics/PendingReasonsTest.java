package io.pcagent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.pcagent.slurm.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PendingReasonsTest {

  @Test
  void theReasonCodeWithoutTheNodesItNames() {
    assertThat(PendingReasons.code("ReqNodeNotAvail, UnavailableNodes:compute-[1-9]")).isEqualTo("ReqNodeNotAvail");
    assertThat(PendingReasons.code("Resources")).isEqualTo("Resources");
    assertThat(PendingReasons.code("launch failed requeued held")).isEqualTo("JobHeldUser");
    assertThat(PendingReasons.code("(null)")).isEqualTo("None");
  }

  @Test
  void onlyPendingJobsCountAndRareReasonsBecomeOtherBeyondTheLimit() {
    List<Job> jobs = new ArrayList<>();
    jobs.add(job("RUNNING", "None"));
    for (int i = 0; i < 5; i++) {
      jobs.add(job("PENDING", "Priority"));
    }
    for (int i = 0; i < 40; i++) {
      jobs.add(job("PENDING", "Reason" + i));
    }

    Map<Tags, Long> rows = PendingReasons.count(jobs);

    assertThat(rows).hasSize(PendingReasons.MAX_REASONS);
    assertThat(rows.get(Tags.of("reason", "Priority"))).isEqualTo(5);
    assertThat(rows.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(45);
    assertThat(rows.get(Tags.of("reason", "other"))).isEqualTo(40 - (PendingReasons.MAX_REASONS - 2));
  }

  private static Job job(String state, String reason) {
    return new Job("1", 1, Optional.empty(), Optional.empty(), "j", "u", state, Optional.of(reason), "p", 1, 1, Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), "0:00", Optional.empty());
  }
}
