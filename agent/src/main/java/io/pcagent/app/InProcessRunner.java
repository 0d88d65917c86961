package io.pcagent.app;

import io.pcagent.config.AgentConfig;
import io.pcagent.runner.RunStore;
import io.pcagent.runner.Runner;
import java.sql.SQLException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job runner on a thread of its own, with its own connection to the run store: what {@code dev} runs
 * beside the agent. On a cluster the runner is its own process ({@code pcluster-agent runner}).
 */
public final class InProcessRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InProcessRunner.class);

  private final Thread thread;
  private volatile boolean running = true;

  private InProcessRunner(AgentConfig config, Clock clock) {
    this.thread = new Thread(() -> loop(config, clock), "runner");
    thread.setDaemon(true);
  }

  public static InProcessRunner start(AgentConfig config, Clock clock) {
    InProcessRunner runner = new InProcessRunner(config, clock);
    runner.thread.start();
    return runner;
  }

  private void loop(AgentConfig config, Clock clock) {
    try (RunStore store = RunStore.open(config.runs().store(), clock);
        Runner runner = RunnerWiring.runner(store, config, clock, "runner-in-process")) {
      runner.reconcile();
      while (running) {
        runner.tick();
        Thread.sleep(config.runs().poll().toMillis());
      }
    } catch (SQLException e) {
      LOG.error("runner stopped: {}", e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
