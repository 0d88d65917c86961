package io.pcagent.bootstrap.ssm;

import static io.pcagent.bootstrap.aws.AwsCalls.call;

import io.pcagent.bootstrap.aws.AwsCalls;
import io.pcagent.cli.ProgressLine;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;

/**
 * One command run on one instance through SSM Run Command (AWS-RunShellScript), waited for. The instance needs the
 * SSM agent and a role that allows it, as ParallelCluster's head node has.
 */
public final class RemoteCommand {
  /** How the command ended on the instance. SSM keeps at most 24,000 characters of stdout. */
  public record Outcome(String status, int exitCode, String stdout, String stderr) {}

  public static final int MAX_OUTPUT = 24_000;
  /** How long past its execution timeout a command may take to be delivered and reported. */
  private static final Duration GRACE = Duration.ofMinutes(5);
  private static final Set<String> FINAL = Set.of("Success", "Failed", "Cancelled", "TimedOut");

  private final SsmClient ssm;
  private final Clock clock;
  private final Duration poll;

  public RemoteCommand(SsmClient ssm, Clock clock, Duration poll) {
    this.ssm = ssm;
    this.clock = clock;
    this.poll = poll;
  }

  /** The request SendCommand is sent; also what {@code --dry-run} prints. Each argument is quoted for the shell. */
  public static SendCommandRequest request(String instanceId, List<String> argv, Duration timeout, String comment) {
    String line = argv.stream().map(RemoteCommand::quote).collect(Collectors.joining(" "));
    return SendCommandRequest.builder()
        .instanceIds(instanceId)
        .documentName("AWS-RunShellScript")
        .comment(comment)
        .parameters(Map.of("commands", List.of(line), "executionTimeout", List.of(String.valueOf(timeout.toSeconds()))))
        .build();
  }

  static String quote(String arg) {
    return arg.matches("[\\w@%+=:,./-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }

  public Outcome run(SendCommandRequest request, ProgressLine line) throws InterruptedException {
    String commandId = call("SendCommand", () -> ssm.sendCommand(request)).command().commandId();
    String instance = request.instanceIds().get(0);
    Instant started = clock.instant();
    Duration patience = Duration.ofSeconds(Long.parseLong(request.parameters().get("executionTimeout").get(0))).plus(GRACE);
    try {
      while (true) {
        if (Duration.between(started, clock.instant()).compareTo(patience) > 0) {
          throw new PcagentException(ExitCode.UNREACHABLE, "command " + commandId + " on " + instance + " has not ended "
              + patience.toMinutes() + " minutes after it was sent; see: aws ssm list-command-invocations --command-id " + commandId);
        }
        Thread.sleep(poll.toMillis());
        Optional<GetCommandInvocationResponse> invocation = invocation(commandId, instance);
        String status = invocation.map(GetCommandInvocationResponse::statusAsString).orElse("Pending");
        if (FINAL.contains(status)) {
          return new Outcome(status, invocation.get().responseCode(), invocation.get().standardOutputContent(),
              invocation.get().standardErrorContent());
        }
        line.show(commandId + " on " + instance + ": " + status + "  " + ProgressLine.elapsed(Duration.between(started, clock.instant())));
      }
    } finally {
      line.done();
    }
  }

  /** Empty while SSM has not registered the invocation yet, which it answers InvocationDoesNotExist for a moment. */
  private Optional<GetCommandInvocationResponse> invocation(String commandId, String instance) {
    return AwsCalls.callIfPresent("GetCommandInvocation",
        () -> ssm.getCommandInvocation(r -> r.commandId(commandId).instanceId(instance)),
        e -> e instanceof InvocationDoesNotExistException);
  }

  /** An outcome that is not the command's own answer: it did not run, or did not finish. */
  public static PcagentException notRun(String instance, Outcome outcome) {
    return new PcagentException(ExitCode.UNREACHABLE, "the command on " + instance + " ended " + outcome.status()
        + " (exit " + outcome.exitCode() + ")" + (outcome.stderr().isBlank() ? "" : ": " + outcome.stderr().strip()));
  }
}
