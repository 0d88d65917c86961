package io.pcagent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * What the agent said about one node over time: its {@code service} and Slurm's state, each change once, read
 * from {@code /v1/nodes/NAME} every half second on a thread of its own until closed.
 */
public final class NodeHistory implements AutoCloseable {
  private final List<String> changes = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  public NodeHistory(RunningAgent agent, String node) {
    thread = new Thread(() -> follow(agent, node), "history-" + node);
    thread.setDaemon(true);
    thread.start();
  }

  private void follow(RunningAgent agent, String node) {
    String last = null;
    while (running) {
      try {
        HttpResponse<String> answer = agent.get("/v1/nodes/" + node);
        if (answer.statusCode() == 200) {
          JsonNode view = RunningAgent.parse(answer.body());
          String now = view.path("service").asText() + " " + view.path("rawState").asText();
          if (!now.equals(last)) {
            synchronized (changes) {
              changes.add(now);
            }
            last = now;
          }
        }
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        synchronized (changes) {
          changes.add("error " + e);
        }
      }
    }
  }

  /** Each change: "service rawState". */
  public List<String> changes() {
    synchronized (changes) {
      return List.copyOf(changes);
    }
  }

  /** The services in the order they were seen, each run of one service once. */
  public List<String> services() {
    List<String> services = new ArrayList<>();
    for (String change : changes()) {
      String service = change.split(" ")[0];
      if (services.isEmpty() || !services.get(services.size() - 1).equals(service)) {
        services.add(service);
      }
    }
    return services;
  }

  /** Waits until the last service seen is {@code service}, at most {@code timeout}; the services seen. */
  public List<String> awaitLast(String service, java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> services = services();
    while ((services.isEmpty() || !services.get(services.size() - 1).equals(service)) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      services = services();
    }
    return services;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
