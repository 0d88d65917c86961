package io.pcagent.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.pcagent.testing.aws.FakeAws.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * SSM behind {@link FakeAws} (JSON 1.1, target prefix AmazonSSM): Run Command on managed instances. As on AWS, an
 * invocation does not exist for a moment after SendCommand (InvocationDoesNotExist), then is InProgress, then ends
 * with the status, exit code and output the test chose for the instance.
 */
public final class FakeSsm {
  /** How the command ends on the instance. */
  public record Outcome(String status, int responseCode, String stdout, String stderr) {}

  private final Set<String> instances = new HashSet<>();
  private final Map<String, Outcome> outcomes = new HashMap<>();
  private final Map<String, Integer> polls = new HashMap<>();
  private final List<List<String>> commands = new ArrayList<>();

  public synchronized void instance(String id, Outcome outcome) {
    instances.add(id);
    outcomes.put(id, outcome);
  }

  /** The shell commands sent, one list per SendCommand. */
  public synchronized List<List<String>> commands() {
    return List.copyOf(commands);
  }

  Reply handle(String operation, String body) {
    JsonNode request = FakeJson.read(body);
    return switch (operation) {
      case "SendCommand" -> send(request);
      case "GetCommandInvocation" -> invocation(request);
      default -> FakeJson.error(400, "UnknownOperationException", operation);
    };
  }

  private Reply send(JsonNode request) {
    if (!request.path("DocumentName").asText().equals("AWS-RunShellScript")) {
      return FakeJson.error(400, "InvalidDocument", "Document " + request.path("DocumentName").asText() + " does not exist");
    }
    String instance = request.path("InstanceIds").path(0).asText();
    if (!instances.contains(instance)) {
      return FakeJson.error(400, "InvalidInstanceId", "Instances [[" + instance + "]] not in a valid state for account 123456789012");
    }
    List<String> lines = new ArrayList<>();
    request.path("Parameters").path("commands").forEach(c -> lines.add(c.asText()));
    commands.add(lines);
    String id = UUID.randomUUID().toString();
    polls.put(id + "/" + instance, 0);
    Map<String, Object> command = new LinkedHashMap<>();
    command.put("CommandId", id);
    command.put("DocumentName", "AWS-RunShellScript");
    command.put("InstanceIds", List.of(instance));
    command.put("Status", "Pending");
    command.put("RequestedDateTime", 1.7644e9);
    return FakeJson.ok(Map.of("Command", command));
  }

  private Reply invocation(JsonNode request) {
    String instance = request.path("InstanceId").asText();
    String key = request.path("CommandId").asText() + "/" + instance;
    Integer seen = polls.get(key);
    if (seen == null || seen == 0) {
      if (seen != null) {
        polls.put(key, 1);
      }
      return FakeJson.error(400, "InvocationDoesNotExist", null);
    }
    polls.put(key, seen + 1);
    Outcome outcome = outcomes.get(instance);
    boolean done = seen >= 2;
    Map<String, Object> invocation = new LinkedHashMap<>();
    invocation.put("CommandId", request.path("CommandId").asText());
    invocation.put("InstanceId", instance);
    invocation.put("DocumentName", "AWS-RunShellScript");
    invocation.put("Status", done ? outcome.status() : "InProgress");
    invocation.put("StatusDetails", done ? outcome.status() : "InProgress");
    invocation.put("ResponseCode", done ? outcome.responseCode() : -1);
    invocation.put("StandardOutputContent", done ? outcome.stdout() : "");
    invocation.put("StandardErrorContent", done ? outcome.stderr() : "");
    return FakeJson.ok(invocation);
  }
}
