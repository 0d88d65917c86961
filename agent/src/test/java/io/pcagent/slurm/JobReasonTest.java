package io.pcagent.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What squeue's %r prints (a name, or the description slurmctld set) and the name it stands for: see JobReason's sources. */
class JobReasonTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Nodes required for job are DOWN, DRAINED or reserved for jobs in higher priority partitions|Resources",
      "Nodes required for job are DOWN, DRAINED, REBOOTING or reserved for jobs in higher priority partitions|Resources",
      "ReqNodeNotAvail, UnavailableNodes:compute-gpu-dy-distributed-ml-[1-2]|ReqNodeNotAvail",
      "ReqNodeNotAvail, Reserved for maintenance|ReqNodeNotAvail",
      "uid 1001 not in group permitted to use this partition (compute-gpu). groups allowed: ml|AccountNotAllowed",
      "job requeued in held state|JobHeldUser",
      "launch failed requeued held|JobHeldUser",
      "launch failure limit exceeded requeued held|JobHoldMaxRequeue",
      "Resources|Resources",
      "Priority|Priority",
      "QOSMaxGRESPerUser|QOSMaxGRESPerUser",
      "(null)|None",
      "a description no table knows|other"})
  void theNameSlurmGivesWhatItPrinted(String printed, String name) {
    assertThat(JobReason.name(printed)).isEqualTo(name);
  }
}
