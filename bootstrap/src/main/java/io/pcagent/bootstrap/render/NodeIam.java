package io.pcagent.bootstrap.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IAM a node type needs for what it runs, added to its {@code Iam} the way ParallelCluster takes it.
 * <ul>
 *   <li>Every bucket an {@code s3://} custom action (its Script or an Arg, as the installer's bundle) reads from gets a
 *   read-only {@code S3Access} on the node type that runs it, the head node and every queue: a node's role reads only
 *   ParallelCluster's own bucket otherwise, and the docs' example puts {@code Iam: S3Access} beside every {@code s3://}
 *   action (docs.aws.amazon.com/parallelcluster/latest/ug/custom-bootstrap-actions-config-v3.html).</li>
 *   <li>The head node, when the agent follows FSx for Lustre file systems, gets {@code AmazonFSxReadOnlyAccess}
 *   ({@code fsx:Describe*}, fsx:ListTagsForResource: the managed policy's page in the AWS Managed Policy reference), which
 *   the head node's default policy lacks.</li>
 *   <li>Nothing is added beside an {@code InstanceRole} or {@code InstanceProfile}: ParallelCluster refuses S3Access and
 *   AdditionalIamPolicies there (aws-parallelcluster cli/src/pcluster/schemas/cluster_schema.py, IamSchema
 *   no_coexist_s3_access and BaseIamSchema no_coexist_role_policies); that role's permissions are its owner's.</li>
 * </ul>
 */
final class NodeIam {
  static final String FSX_READ_ONLY = "AmazonFSxReadOnlyAccess";
  private static final Pattern S3_BUCKET = Pattern.compile("^s3://([^/\\s]+)/");
  private static final List<String> ACTIONS = List.of("OnNodeStart", "OnNodeConfigured", "OnNodeUpdated");

  private NodeIam() {}

  /** Read-only S3Access for every bucket the owner's custom actions read from and its Iam does not list yet. */
  static void grantActionBuckets(ObjectNode owner) {
    Set<String> buckets = actionBuckets(owner);
    if (buckets.isEmpty() || ownRole(owner.path("Iam"))) {
      return;
    }
    ObjectNode iam = iam(owner);
    ArrayNode access = iam.has("S3Access") && iam.get("S3Access").isArray() ? (ArrayNode) iam.get("S3Access")
        : iam.putArray("S3Access");
    access.forEach(entry -> buckets.remove(entry.path("BucketName").asText()));
    buckets.forEach(bucket -> access.addObject().put("BucketName", bucket).put("EnableWriteAccess", false));
  }

  /** The managed FSx read-only policy on the head node, in the cluster's partition, unless it is there already. */
  static void grantFsxRead(ObjectNode headNode, String region) {
    ObjectNode iam = iam(headNode);
    if (ownRole(iam)) {
      return;
    }
    ArrayNode policies = iam.has("AdditionalIamPolicies") && iam.get("AdditionalIamPolicies").isArray()
        ? (ArrayNode) iam.get("AdditionalIamPolicies") : iam.putArray("AdditionalIamPolicies");
    for (JsonNode policy : policies) {
      if (policy.path("Policy").asText().endsWith(":policy/" + FSX_READ_ONLY)) {
        return;
      }
    }
    policies.addObject().put("Policy", "arn:" + partition(region) + ":iam::aws:policy/" + FSX_READ_ONLY);
  }

  /** The buckets of every {@code s3://} Script and Arg of the owner's custom actions, single or in a Sequence. */
  static Set<String> actionBuckets(JsonNode owner) {
    Set<String> buckets = new LinkedHashSet<>();
    for (String action : ACTIONS) {
      JsonNode node = owner.path("CustomActions").path(action);
      Iterable<JsonNode> entries = node.has("Sequence") ? node.get("Sequence") : List.of(node);
      for (JsonNode entry : entries) {
        addBucket(entry.path("Script").asText(""), buckets);
        entry.path("Args").forEach(arg -> addBucket(arg.asText(""), buckets));
      }
    }
    return buckets;
  }

  static boolean ownRole(JsonNode iam) {
    return iam.has("InstanceRole") || iam.has("InstanceProfile");
  }

  /** aws, aws-cn or aws-us-gov: the partition of a region's ARNs. */
  static String partition(String region) {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }

  private static void addBucket(String uri, Set<String> buckets) {
    Matcher matcher = S3_BUCKET.matcher(uri);
    if (matcher.find()) {
      buckets.add(matcher.group(1));
    }
  }

  private static ObjectNode iam(ObjectNode owner) {
    JsonNode iam = owner.get("Iam");
    return iam != null && iam.isObject() ? (ObjectNode) iam : owner.putObject("Iam");
  }
}
