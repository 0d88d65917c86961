package io.pcagent.sandbox;

import io.pcagent.exec.Command;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The job user on the head node (this host), which the real installer creates there. When this host already has the
 * user, its ids are the head node's truth and the compute nodes get the same; else the installer's job-user step
 * creates it with the installer's default ids. The one account the sandbox adds outside its folder.
 */
final class HeadJobUser {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final CommandRunner runner;

  HeadJobUser(CommandRunner runner) {
    this.runner = runner;
  }

  JobUser ensure(String name, Path jobUserStep) throws IOException, InterruptedException {
    try {
      if (runner.runAllowingFailure(Command.of("id", "-u", name).withTimeout(TIMEOUT)).exitCode() != 0) {
        String id = Integer.toString(JobUser.DEFAULT_ID);
        runner.run(Command.of("bash", jobUserStep.toString(), name, id, id).withTimeout(TIMEOUT));
      }
      int uid = Integer.parseInt(runner.run(Command.of("id", "-u", name).withTimeout(TIMEOUT)).stdout().strip());
      int gid = Integer.parseInt(runner.run(Command.of("id", "-g", name).withTimeout(TIMEOUT)).stdout().strip());
      return new JobUser(name, uid, gid);
    } catch (CommandFailedException e) {
      throw new IOException("cannot create the job user " + name + " on the head node: " + e.getMessage(), e);
    }
  }
}
