package io.pcagent.concurrent;

import java.util.concurrent.ThreadFactory;

/** Threads of background work that must never keep the JVM alive on their own: collectors, probes, tickers. */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Daemon threads, each with this name (so a thread dump says what is stuck). */
  public static ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
