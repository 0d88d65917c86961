package io.pcagent.bootstrap.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.pcagent.bootstrap.settings.SettingKey;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * cluster.yaml from a template and config.yaml: what the hands-on does with envsubst and yq, except that an
 * unset variable is an error that lists every one of them (envsubst silently empties them). Then:
 * HeadNode.InstanceType from config, CapacityReservationTarget dropped when CAPACITY_RESERVATION_ID is unset,
 * the agent's actions added after the template's own scripts, and the IAM each node type needs for them
 * ({@link NodeIam}). Once {@code create} recorded the head node's frozen actions ({@link CreatedHeadNode}), they are
 * kept as they were and a new stage reaches the head node through OnNodeUpdated only.
 */
public final class ClusterRenderer {
  private static final Pattern POST_INSTALL_SCRIPT =
      Pattern.compile("(https://raw\\.githubusercontent\\.com/aws-samples/aws-parallelcluster-post-install-scripts/)[^/\\s]+/");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  /** Stands for an optional key that is unset, until the block that uses it is dropped. */
  private static final String UNSET = "__PCAGENT_UNSET__";
  private static final Set<String> OPTIONAL = Set.of(SettingKey.CAPACITY_RESERVATION_ID.name());
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      // Args are strings in ParallelCluster's schema: a UID written bare would be read back as a number.
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

  private ClusterRenderer() {}

  public static String render(String template, Map<SettingKey, String> settings, Optional<AgentAction> agent) {
    return render(template, settings, agent, Optional.empty());
  }

  public static String render(String template, Map<SettingKey, String> settings, Optional<AgentAction> agent,
      Optional<CreatedHeadNode> created) {
    String pinned = Optional.ofNullable(settings.get(SettingKey.POST_INSTALL_SCRIPTS_REF))
        .map(ref -> POST_INSTALL_SCRIPT.matcher(template).replaceAll("$1" + ref + "/")).orElse(template);
    ObjectNode cluster = parse(substitute(pinned, settings));
    Optional.ofNullable(settings.get(SettingKey.HEAD_NODE_INSTANCE_TYPE))
        .ifPresent(type -> object(cluster, "HeadNode").put("InstanceType", type));
    if (!settings.containsKey(SettingKey.CAPACITY_RESERVATION_ID)) {
      cluster.path("Scheduling").path("SlurmQueues").forEach(queue ->
          queue.path("ComputeResources").forEach(resource -> {
            if (resource.isObject()) {
              ((ObjectNode) resource).remove("CapacityReservationTarget");
            }
          }));
    }
    ExpectedNodes.of(cluster); // a MinCount that is no number is refused here, naming its path
    agent.ifPresent(action -> addAgent(cluster, action, created));
    grantIam(cluster, agent.isPresent());
    String yaml = write(cluster);
    if (yaml.contains(UNSET)) {
      throw new PcagentException(ExitCode.USAGE, "the template uses CAPACITY_RESERVATION_ID outside "
          + "CapacityReservationTarget; set it with: pcluster-bootstrap set CAPACITY_RESERVATION_ID=cr-...");
    }
    return yaml;
  }

  /** Every {@code ${KEY}} replaced by its config.yaml value; all unset ones reported at once. */
  static String substitute(String template, Map<SettingKey, String> settings) {
    Set<String> unset = new LinkedHashSet<>();
    Matcher matcher = VARIABLE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String value = SettingKey.of(name).map(settings::get).orElse(null);
      if (value == null) {
        if (OPTIONAL.contains(name)) {
          value = UNSET;
        } else {
          unset.add(name);
          value = "";
        }
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    if (!unset.isEmpty()) {
      throw new PcagentException(ExitCode.USAGE, "the template uses variables config.yaml does not set: "
          + String.join(", ", unset) + " (set them with pcluster-bootstrap set KEY=VALUE; stack outputs with outputs)");
    }
    return out.toString();
  }

  /**
   * The installer on the head node, at creation (OnNodeConfigured) and after every update (OnNodeUpdated, which
   * restarts the agent so that it reads the updated cluster-config.yaml); the job-user step on every queue's nodes, so
   * that API jobs run as a user every node knows with the same ids. Nothing that changes with the cluster (its node
   * counts, a new stage) is in the head node's OnNodeConfigured once the cluster exists.
   */
  private static void addAgent(ObjectNode cluster, AgentAction action, Optional<CreatedHeadNode> created) {
    ObjectNode headNode = object(cluster, "HeadNode");
    Optional<String> enrootCache = enrootCache(cluster);
    appendAction(headNode, "OnNodeConfigured", action.script(), action.args(enrootCache));
    created.ifPresent(frozen -> frozen.applyTo(object(headNode, "CustomActions")));
    appendAction(headNode, "OnNodeUpdated", action.script(), action.args(enrootCache));
    JsonNode queues = cluster.path("Scheduling").path("SlurmQueues");
    for (int i = 0; i < queues.size(); i++) {
      if (!queues.get(i).isObject()) {
        throw new PcagentException(ExitCode.USAGE, "the template's Scheduling.SlurmQueues[" + i + "] is not a mapping");
      }
      appendAction((ObjectNode) queues.get(i), "OnNodeConfigured", action.jobUserScript(), AgentAction.jobUserArgs(enrootCache));
    }
  }

  /** Enroot's layer cache, shared by every node: on the cluster's first FSx for Lustre file system, as the hands-on's /fsx. */
  private static Optional<String> enrootCache(ObjectNode cluster) {
    for (JsonNode storage : cluster.path("SharedStorage")) {
      String mountDir = storage.path("MountDir").asText("");
      if ("FsxLustre".equals(storage.path("StorageType").asText()) && mountDir.matches("/[A-Za-z0-9._/-]+")) {
        return Optional.of(mountDir.replaceAll("/+$", "") + "/enroot/cache");
      }
    }
    return Optional.empty();
  }

  /** S3Access for the buckets of every node type's s3:// actions; FSx read access for the agent on the head node. */
  private static void grantIam(ObjectNode cluster, boolean agent) {
    if (cluster.get("HeadNode") instanceof ObjectNode headNode) {
      NodeIam.grantActionBuckets(headNode);
      boolean followsFsx = false;
      for (JsonNode storage : cluster.path("SharedStorage")) {
        followsFsx |= "FsxLustre".equals(storage.path("StorageType").asText());
      }
      if (agent && followsFsx) {
        NodeIam.grantFsxRead(headNode, cluster.path("Region").asText(""));
      }
    }
    for (JsonNode queue : cluster.path("Scheduling").path("SlurmQueues")) {
      if (queue instanceof ObjectNode owner) {
        NodeIam.grantActionBuckets(owner);
      }
    }
  }

  /** After the owner's own scripts of that action, keeping them: a single Script becomes a Sequence. */
  private static void appendAction(ObjectNode owner, String action, String script, List<String> scriptArgs) {
    ObjectNode onConfigured = object(object(owner, "CustomActions"), action);
    ObjectNode entry = YAML.createObjectNode().put("Script", script);
    ArrayNode args = entry.putArray("Args");
    scriptArgs.forEach(args::add);
    if (!onConfigured.has("Sequence") && onConfigured.has("Script")) {
      ObjectNode existing = onConfigured.deepCopy();
      onConfigured.removeAll();
      onConfigured.putArray("Sequence").add(existing);
    }
    if (onConfigured.has("Sequence")) {
      ((ArrayNode) onConfigured.get("Sequence")).add(entry);
    } else {
      onConfigured.setAll(entry);
    }
  }

  private static ObjectNode object(ObjectNode parent, String field) {
    JsonNode child = parent.get(field);
    if (child == null || child.isNull()) {
      return parent.putObject(field);
    }
    if (!child.isObject()) {
      throw new PcagentException(ExitCode.USAGE, "the template's " + field + " is not a mapping");
    }
    return (ObjectNode) child;
  }

  private static ObjectNode parse(String yaml) {
    try {
      JsonNode root = YAML.readTree(yaml);
      if (root == null || !root.isObject()) {
        throw new PcagentException(ExitCode.USAGE, "the template is not a YAML mapping");
      }
      return (ObjectNode) root;
    } catch (JsonProcessingException e) {
      throw new PcagentException(ExitCode.USAGE, "the rendered template is not valid YAML: " + e.getOriginalMessage());
    }
  }

  private static String write(ObjectNode cluster) {
    try {
      return YAML.writeValueAsString(cluster);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
