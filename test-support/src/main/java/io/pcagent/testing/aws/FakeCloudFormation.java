package io.pcagent.testing.aws;

import io.pcagent.testing.aws.FakeAws.Reply;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * CloudFormation behind {@link FakeAws}: query-protocol requests ({@code Action=CreateStack&...}), XML answers in
 * the 2010-05-15 namespace, errors as {@code ErrorResponse}. A stack moves one step of its scenario each time
 * DescribeStacks is called, as a real one moves while it is polled; events are returned newest first in pages of
 * {@link #PAGE}, so that clients must follow NextToken.
 */
public final class FakeCloudFormation {
  static final int PAGE = 3;
  private static final Pattern TYPE_LINE = Pattern.compile("(?m)^\\s+Type:\\s*['\"]?(AWS::[\\w:]+)");
  private static final String NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

  /** One event of a scenario: a resource (or the stack itself, with the stack's name) reaching a status. */
  public record Step(String logicalId, String type, String status, String reason) {
    public static Step of(String logicalId, String type, String status) {
      return new Step(logicalId, type, status, null);
    }
  }

  /** What a stack created under a name will go through, tick by tick, and its outputs once created. */
  public record Scenario(List<List<Step>> ticks, Map<String, String> outputs) {}

  private static final class FakeStack {
    final String id;
    final String name;
    final Map<String, String> parameters;
    String status;
    final Deque<List<Step>> pending = new ArrayDeque<>();
    final List<Map<String, String>> events = new ArrayList<>();
    final Map<String, String> outputs = new LinkedHashMap<>();
    final Map<String, String> resources = new LinkedHashMap<>();
    List<String> templateTypes = List.of();

    FakeStack(String id, String name, Map<String, String> parameters) {
      this.id = id;
      this.name = name;
      this.parameters = parameters;
    }
  }

  private final Map<String, Scenario> scenarios = new HashMap<>();
  private final Map<String, FakeStack> byId = new LinkedHashMap<>();
  private final Map<String, Scenario> outputsOnComplete = new HashMap<>();
  private final Map<String, List<String>> templates = new HashMap<>();
  private long clock = Instant.parse("2026-11-29T10:00:00Z").getEpochSecond();

  /** The scenario a stack of this name goes through when created. */
  public synchronized void scenario(String stackName, Scenario scenario) {
    scenarios.put(stackName, scenario);
  }

  /** The resource types GetTemplateSummary reports for a template URL. */
  public synchronized void template(String url, List<String> resourceTypes) {
    templates.put(url, List.copyOf(resourceTypes));
  }

  public synchronized Map<String, String> parametersOf(String stackName) {
    return live(stackName).parameters;
  }

  Reply handle(String action, Map<String, String> form, String region) {
    return switch (action) {
      case "CreateStack" -> create(form, region);
      case "DescribeStacks" -> describe(form.get("StackName"));
      case "DescribeStackEvents" -> events(form.get("StackName"), form.get("NextToken"));
      case "DeleteStack" -> delete(form.get("StackName"));
      case "GetTemplateSummary" -> summary(form);
      case "ListStackResources" -> resources(form.get("StackName"));
      default -> error(400, "InvalidAction", "The action " + action + " is not valid for this web service.");
    };
  }

  private Reply create(Map<String, String> form, String region) {
    String name = form.get("StackName");
    if (live(name) != null) {
      return error(400, "AlreadyExistsException", "Stack [" + name + "] already exists");
    }
    if (form.containsKey("TemplateURL") == form.containsKey("TemplateBody")) {
      return error(400, "ValidationError", "Exactly one of TemplateBody or TemplateUrl must be specified.");
    }
    Scenario scenario = scenarios.get(name);
    if (scenario == null) {
      return error(400, "ValidationError", "no scenario for stack " + name + " in this test");
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 1; form.containsKey("Parameters.member." + i + ".ParameterKey"); i++) {
      parameters.put(form.get("Parameters.member." + i + ".ParameterKey"), form.get("Parameters.member." + i + ".ParameterValue"));
    }
    return ok("CreateStack", "<StackId>" + start(name, parameters, scenario, region).id + "</StackId>");
  }

  /**
   * A stack another tool created, as pcluster create-cluster creates the cluster's: in CREATE_IN_PROGRESS, going through
   * the scenario as it is polled; GetTemplateSummary by its name reports these resource types.
   */
  public synchronized void createdElsewhere(String name, Scenario scenario, List<String> resourceTypes, String region) {
    start(name, Map.of(), scenario, region).templateTypes = List.copyOf(resourceTypes);
  }

  private FakeStack start(String name, Map<String, String> parameters, Scenario scenario, String region) {
    FakeStack stack = new FakeStack("arn:aws:cloudformation:" + region + ":123456789012:stack/" + name + "/" + UUID.randomUUID(),
        name, parameters);
    byId.put(stack.id, stack);
    apply(stack, List.of(new Step(name, "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated")));
    stack.pending.addAll(scenario.ticks());
    outputsOnComplete.put(stack.id, scenario);
    return stack;
  }

  private Reply delete(String nameOrId) {
    FakeStack stack = find(nameOrId);
    if (stack != null && !stack.status.equals("DELETE_COMPLETE") && !stack.status.equals("DELETE_IN_PROGRESS")) {
      stack.pending.clear();
      apply(stack, List.of(new Step(stack.name, "AWS::CloudFormation::Stack", "DELETE_IN_PROGRESS", "User Initiated")));
      List<Step> gone = new ArrayList<>();
      List<String> logicalIds = new ArrayList<>(stack.resources.keySet());
      Collections.reverse(logicalIds);
      logicalIds.forEach(logicalId ->
          gone.add(Step.of(logicalId, stack.resources.get(logicalId), "DELETE_COMPLETE")));
      stack.pending.add(gone);
      stack.pending.add(List.of(Step.of(stack.name, "AWS::CloudFormation::Stack", "DELETE_COMPLETE")));
    }
    return ok("DeleteStack", null);
  }

  private Reply describe(String nameOrId) {
    FakeStack stack = find(nameOrId);
    if (stack == null) {
      return error(400, "ValidationError", "Stack with id " + nameOrId + " does not exist");
    }
    if (!stack.pending.isEmpty()) {
      apply(stack, stack.pending.poll());
    }
    StringBuilder xml = new StringBuilder("<Stacks><member>");
    tag(xml, "StackId", stack.id).append(tag("StackName", stack.name)).append(tag("CreationTime", time(clock)))
        .append(tag("StackStatus", stack.status));
    xml.append("<Parameters>");
    stack.parameters.forEach((k, v) -> xml.append("<member>").append(tag("ParameterKey", k)).append(tag("ParameterValue", v))
        .append("</member>"));
    xml.append("</Parameters><Outputs>");
    stack.outputs.forEach((k, v) -> xml.append("<member>").append(tag("OutputKey", k)).append(tag("OutputValue", v))
        .append(tag("Description", "output " + k)).append("</member>"));
    xml.append("</Outputs></member></Stacks>");
    return ok("DescribeStacks", xml.toString());
  }

  private Reply events(String nameOrId, String token) {
    FakeStack stack = find(nameOrId);
    if (stack == null) {
      return error(400, "ValidationError", "Stack [" + nameOrId + "] does not exist");
    }
    int from = token == null ? 0 : Integer.parseInt(token);
    List<Map<String, String>> newestFirst = new ArrayList<>(stack.events);
    Collections.reverse(newestFirst);
    StringBuilder xml = new StringBuilder("<StackEvents>");
    for (Map<String, String> event : newestFirst.subList(from, Math.min(newestFirst.size(), from + PAGE))) {
      xml.append("<member>");
      event.forEach((k, v) -> xml.append(tag(k, v)));
      xml.append("</member>");
    }
    xml.append("</StackEvents>");
    if (from + PAGE < newestFirst.size()) {
      xml.append(tag("NextToken", String.valueOf(from + PAGE)));
    }
    return ok("DescribeStackEvents", xml.toString());
  }

  private Reply summary(Map<String, String> form) {
    List<String> types;
    if (form.containsKey("TemplateBody")) {
      types = TYPE_LINE.matcher(form.get("TemplateBody")).results().map(m -> m.group(1)).toList();
    } else if (templates.containsKey(form.get("TemplateURL"))) {
      types = templates.get(form.get("TemplateURL"));
    } else if (form.containsKey("StackName") && find(form.get("StackName")) != null) {
      types = find(form.get("StackName")).templateTypes;
    } else {
      return error(400, "ValidationError", "TemplateURL must be a supported URL.");
    }
    StringBuilder xml = new StringBuilder("<ResourceTypes>");
    types.forEach(t -> xml.append("<member>").append(t).append("</member>"));
    return ok("GetTemplateSummary", xml.append("</ResourceTypes>").toString());
  }

  private Reply resources(String nameOrId) {
    FakeStack stack = find(nameOrId);
    if (stack == null) {
      return error(400, "ValidationError", "Stack with id " + nameOrId + " does not exist");
    }
    StringBuilder xml = new StringBuilder("<StackResourceSummaries>");
    stack.resources.forEach((logicalId, type) -> xml.append("<member>").append(tag("LogicalResourceId", logicalId))
        .append(tag("ResourceType", type)).append(tag("ResourceStatus", "CREATE_COMPLETE"))
        .append(tag("LastUpdatedTimestamp", time(clock))).append("</member>"));
    return ok("ListStackResources", xml.append("</StackResourceSummaries>").toString());
  }

  private void apply(FakeStack stack, List<Step> tick) {
    for (Step step : tick) {
      clock += 7;
      Map<String, String> event = new LinkedHashMap<>();
      event.put("StackId", stack.id);
      event.put("EventId", UUID.randomUUID().toString());
      event.put("StackName", stack.name);
      event.put("LogicalResourceId", step.logicalId());
      event.put("PhysicalResourceId", step.logicalId().equals(stack.name) ? stack.id : step.logicalId().toLowerCase() + "-1");
      event.put("ResourceType", step.type());
      event.put("Timestamp", time(clock));
      event.put("ResourceStatus", step.status());
      if (step.reason() != null) {
        event.put("ResourceStatusReason", step.reason());
      }
      stack.events.add(event);
      if (step.logicalId().equals(stack.name)) {
        stack.status = step.status();
        if (step.status().equals("CREATE_COMPLETE")) {
          stack.outputs.putAll(outputsOnComplete.get(stack.id).outputs());
        }
      } else if (step.status().equals("CREATE_COMPLETE")) {
        stack.resources.put(step.logicalId(), step.type());
      } else if (step.status().equals("DELETE_COMPLETE")) {
        stack.resources.remove(step.logicalId());
      }
    }
  }

  /** By id: any stack, deleted ones too. By name: only one that is not deleted, as CloudFormation does. */
  private FakeStack find(String nameOrId) {
    return nameOrId != null && nameOrId.startsWith("arn:") ? byId.get(nameOrId) : live(nameOrId);
  }

  private FakeStack live(String name) {
    return byId.values().stream().filter(s -> s.name.equals(name) && !s.status.equals("DELETE_COMPLETE")).findFirst().orElse(null);
  }

  static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static Reply ok(String action, String result) {
    String inner = result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>";
    return Reply.of(200, "text/xml", "<" + action + "Response xmlns=\"" + NS + "\">" + inner
        + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></" + action + "Response>");
  }

  static Reply error(int status, String code, String message) {
    return Reply.of(status, "text/xml", "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type>" + tag("Code", code)
        + tag("Message", message) + "</Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>");
  }

  private static String time(long epochSecond) {
    return Instant.ofEpochSecond(epochSecond).toString();
  }

  private static StringBuilder tag(StringBuilder xml, String name, String value) {
    return xml.append(tag(name, value));
  }

  static String tag(String name, String value) {
    return "<" + name + ">" + value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</" + name + ">";
  }
}
