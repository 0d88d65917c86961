package io.pcagent.runner;

import java.nio.file.Path;
import java.time.Clock;

/** A process that inserts and finishes runs as fast as it can until it is killed: {@link RunStoreCrashIT} kills it. */
public final class StoreWriterMain {
  private StoreWriterMain() {}

  public static void main(String[] args) throws Exception {
    try (RunStore store = RunStore.open(Path.of(args[0]), Clock.systemUTC())) {
      System.out.println("writing");
      System.out.flush();
      for (long i = 0; ; i++) {
        Run run = store.insert(RunKind.JOB, "{\"n\":" + i + ",\"padding\":\"" + "x".repeat(2000) + "\"}");
        store.claimNext("writer");
        store.markSubmitted(run.id(), i + 1);
        store.finish(run.id(), RunState.SUCCEEDED, "done", "{\"ok\":true}", null);
      }
    }
  }
}
