package io.pcagent.bootstrap.stacks;

import static io.pcagent.bootstrap.aws.AwsCalls.call;

import io.pcagent.bootstrap.aws.AwsCalls;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CreateStackRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateSummaryRequest;
import software.amazon.awssdk.services.cloudformation.model.Parameter;

/** The CloudFormation calls the bootstrap makes, on plain records. */
public final class Stacks {
  /** How far back a failed stack's history is read for its failed events (DescribeStackEvents pages of 100). */
  private static final int MAX_EVENT_PAGES = 10;

  private final CloudFormationClient cloudFormation;

  public Stacks(CloudFormationClient cloudFormation) {
    this.cloudFormation = cloudFormation;
  }

  /** The request CreateStack is sent; also what {@code --dry-run} prints. */
  public static CreateStackRequest createRequest(String name, StackTemplate template, Map<String, String> parameters) {
    return CreateStackRequest.builder()
        .stackName(name)
        .templateURL(template.url())
        .templateBody(template.body())
        .parameters(parameters.entrySet().stream()
            .map(p -> Parameter.builder().parameterKey(p.getKey()).parameterValue(p.getValue()).build()).toList())
        .build();
  }

  /** The stack by name or id; empty when it does not exist (by name: also once deleted). */
  public Optional<Stack> describe(String nameOrId) {
    return AwsCalls.callIfPresent("DescribeStacks", () -> cloudFormation.describeStacks(r -> r.stackName(nameOrId)),
            e -> "ValidationError".equals(AwsCalls.errorCode(e))
                && String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist"))
        .flatMap(response -> response.stacks().stream().findFirst()).map(s -> {
          Map<String, String> outputs = new LinkedHashMap<>();
          s.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
          return new Stack(s.stackId(), s.stackName(), s.stackStatusAsString(), Optional.ofNullable(s.stackStatusReason()), outputs);
        });
  }

  /** Starts the creation; the new stack's id. */
  public String create(CreateStackRequest request) {
    return call("CreateStack", () -> cloudFormation.createStack(request)).stackId();
  }

  public void delete(String stackId) {
    call("DeleteStack", () -> cloudFormation.deleteStack(r -> r.stackName(stackId)));
  }

  /** How many resources the template declares: what a creation's progress is counted against. */
  public int resourceCount(StackTemplate template) {
    GetTemplateSummaryRequest request = GetTemplateSummaryRequest.builder()
        .templateURL(template.url()).templateBody(template.body()).build();
    return call("GetTemplateSummary", () -> cloudFormation.getTemplateSummary(request)).resourceTypes().size();
  }

  /** How many resources the template of an existing stack declares: what following its creation is counted against. */
  public int resourceCountOfTemplate(String stackId) {
    GetTemplateSummaryRequest request = GetTemplateSummaryRequest.builder().stackName(stackId).build();
    return call("GetTemplateSummary", () -> cloudFormation.getTemplateSummary(request)).resourceTypes().size();
  }

  /** How many resources the stack has: what a deletion's progress is counted against. */
  public int resourceCountOf(String stackId) {
    return call("ListStackResources", () -> (int) cloudFormation.listStackResourcesPaginator(r -> r.stackName(stackId))
        .stackResourceSummaries().stream().count());
  }

  /** Events not in {@code seen}, oldest first; reading stops at the first page that reaches a seen one. */
  public List<StackEvent> newEvents(String stackId, Set<String> seen) {
    List<StackEvent> fresh = new ArrayList<>();
    String token = null;
    for (int page = 0; page < MAX_EVENT_PAGES; page++) {
      String next = token;
      DescribeStackEventsResponse response = call("DescribeStackEvents",
          () -> cloudFormation.describeStackEvents(r -> r.stackName(stackId).nextToken(next)));
      boolean reachedSeen = false;
      for (var e : response.stackEvents()) {
        if (seen.contains(e.eventId())) {
          reachedSeen = true;
          break;
        }
        fresh.add(new StackEvent(e.eventId(), e.timestamp(), e.logicalResourceId(), e.resourceType(),
            e.resourceStatusAsString(), Optional.ofNullable(e.resourceStatusReason()).filter(r -> !r.isBlank())));
      }
      token = response.nextToken();
      if (reachedSeen || token == null) {
        break;
      }
    }
    Collections.reverse(fresh);
    return fresh;
  }

  /** The failed events of the stack's history, oldest first: why a creation or deletion did not complete. */
  public List<StackEvent> failedEvents(String stackId) {
    return newEvents(stackId, Set.of()).stream().filter(StackEvent::failed).toList();
  }
}
