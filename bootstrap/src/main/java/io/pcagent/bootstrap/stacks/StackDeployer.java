package io.pcagent.bootstrap.stacks;

import io.pcagent.cli.ProgressLine;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Creates and deletes stacks the way an operator would by hand, but idempotently: a stack already created is
 * reused, one still being created is waited for, one whose creation failed is reported with its failed events
 * (it must be deleted before it can be created again). Ctrl-C while waiting leaves the stack as it is.
 */
public final class StackDeployer {
  private static final String RESUME = "\n  Ctrl-C stops waiting, not CloudFormation: run the same command again to resume";

  private final Stacks stacks;
  private final ProgressLine line;
  private final Clock clock;
  private final Duration poll;

  public StackDeployer(Stacks stacks, ProgressLine line, Clock clock, Duration poll) {
    this.stacks = stacks;
    this.line = line;
    this.clock = clock;
    this.poll = poll;
  }

  /** The outcome of {@link #create}: the stack, and whether it existed already. */
  public record Deployment(Stack stack, boolean reused) {}

  public Deployment create(String name, StackTemplate template, Map<String, String> parameters) throws InterruptedException {
    Optional<Stack> existing = stacks.describe(name);
    if (existing.isPresent()) {
      Stack stack = existing.get();
      if (stack.usable()) {
        return new Deployment(stack, true);
      }
      if (!stack.status().equals("CREATE_IN_PROGRESS")) {
        throw failed(stack, "cannot be created again until it is deleted");
      }
      note(name + " is being created already: waiting for it" + RESUME);
      Stack done = await(stack.id(), StackProgress.creation(line, clock, name, stacks.resourceCount(template)), seen(stack.id()));
      return new Deployment(requireStatus(done, "CREATE_COMPLETE"), true);
    }
    int total = stacks.resourceCount(template);
    String id = stacks.create(Stacks.createRequest(name, template, parameters));
    note("creating " + name + " from " + template.source() + " (" + id + ")" + RESUME);
    return new Deployment(requireStatus(await(id, StackProgress.creation(line, clock, name, total), new HashSet<>()),
        "CREATE_COMPLETE"), false);
  }

  /** Deletes the stack and waits until it is gone; false when there was nothing to delete. */
  public boolean delete(String name) throws InterruptedException {
    Optional<Stack> existing = stacks.describe(name);
    if (existing.isEmpty()) {
      return false;
    }
    Stack stack = existing.get();
    StackProgress progress = StackProgress.deletion(line, clock, name, stacks.resourceCountOf(stack.id()));
    Set<String> seen = seen(stack.id());
    if (!stack.status().equals("DELETE_IN_PROGRESS")) {
      stacks.delete(stack.id());
      note("deleting " + name + " (" + stack.id() + ")" + RESUME);
    }
    requireStatus(await(stack.id(), progress, seen), "DELETE_COMPLETE");
    return true;
  }

  /**
   * Follows a stack that another tool creates or deletes (pcluster, the cluster's stack, named after the cluster) until
   * it is no longer in progress, with its events and the resource bar; empty when there is no such stack.
   */
  public Optional<Stack> follow(String name) throws InterruptedException {
    Optional<Stack> existing = stacks.describe(name);
    if (existing.isEmpty() || !existing.get().inProgress()) {
      return existing;
    }
    Stack stack = existing.get();
    StackProgress progress = stack.status().startsWith("DELETE")
        ? StackProgress.deletion(line, clock, name, stacks.resourceCountOf(stack.id()))
        : StackProgress.creation(line, clock, name, stacks.resourceCountOfTemplate(stack.id()));
    note("following stack " + name + " (" + stack.id() + ")" + RESUME);
    return Optional.of(await(stack.id(), progress, new HashSet<>()));
  }

  private Set<String> seen(String stackId) {
    return stacks.newEvents(stackId, Set.of()).stream().map(StackEvent::id).collect(Collectors.toCollection(HashSet::new));
  }

  /** Polls events and status until the stack is no longer in progress; by id, so that a deleted stack is still found. */
  private Stack await(String stackId, StackProgress progress, Set<String> seen) throws InterruptedException {
    try {
      while (true) {
        showNewEvents(stackId, progress, seen);
        Stack stack = stacks.describe(stackId).orElseThrow(() -> PcagentException.failure("stack " + stackId + " vanished"));
        if (!stack.inProgress()) {
          showNewEvents(stackId, progress, seen);
          progress.status(stack.status());
          return stack;
        }
        progress.status(stack.status());
        Thread.sleep(poll.toMillis());
      }
    } finally {
      progress.done();
    }
  }

  /** The events since the last look; those that ended the wait too, which arrive with the final status. */
  private void showNewEvents(String stackId, StackProgress progress, Set<String> seen) {
    for (StackEvent event : stacks.newEvents(stackId, seen)) {
      seen.add(event.id());
      progress.event(event);
    }
  }

  private Stack requireStatus(Stack stack, String wanted) {
    if (!stack.status().equals(wanted)) {
      throw failed(stack, "ended " + stack.status() + ", not " + wanted);
    }
    return stack;
  }

  private PcagentException failed(Stack stack, String what) {
    List<StackEvent> failures = stacks.failedEvents(stack.id());
    StringBuilder message = new StringBuilder("stack " + stack.name() + " is " + stack.status() + ": " + what);
    stack.reason().ifPresent(r -> message.append(" (").append(r).append(')'));
    failures.forEach(f -> message.append("\n  ").append(f.describe()));
    return new PcagentException(ExitCode.FAILURE, message.toString());
  }

  private void note(String text) {
    line.note(text);
  }
}
