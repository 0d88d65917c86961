package io.pcagent.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

/** Pyxis's stderr as a smoke-test job on the sandbox printed it for an image its registry does not have. */
class ContainerErrorsTest {
  private static final String STDERR = String.join("\n",
      "pyxis: importing docker image: docker://127.0.0.1:36651#pcagent/no-such-image:1",
      "slurmstepd-node-1: error: pyxis: child 3767 failed with error code: 1",
      "slurmstepd-node-1: error: pyxis: failed to import docker image: docker://127.0.0.1:36651#pcagent/no-such-image:1",
      "slurmstepd-node-1: error: pyxis: printing enroot log file:",
      "slurmstepd-node-1: error: pyxis:     [INFO] Querying registry for permission grant",
      "slurmstepd-node-1: error: pyxis:     [ERROR] URL http://127.0.0.1:36651/v2/pcagent/no-such-image/manifests/1 returned error code: 404 Not Found",
      "slurmstepd-node-1: error: spank: required plugin spank_pyxis.so: task_init() failed with rc=-1",
      "slurmstepd-node-2: error: pyxis: child 3798 failed with error code: 1",
      "slurmstepd-node-2: error: pyxis:     enroot-aufs2ovlfs: failed to set capabilities: Operation not permitted",
      "srun: error: node-1: task 0: Exited with exit code 1");

  @Test
  void eachNodeGetsPyxissReasonAndEnrootsError() {
    assertThat(ContainerErrors.byNode(STDERR)).containsExactly(
        entry("node-1", "failed to import docker image: docker://127.0.0.1:36651#pcagent/no-such-image:1: "
            + "[ERROR] URL http://127.0.0.1:36651/v2/pcagent/no-such-image/manifests/1 returned error code: 404 Not Found"),
        entry("node-2", "enroot-aufs2ovlfs: failed to set capabilities: Operation not permitted"));
  }

  @Test
  void noPyxisLinesNoReasons() {
    assertThat(ContainerErrors.byNode("srun: error: node-1: task 0: Exited with exit code 1\n")).isEmpty();
  }
}
