package io.pcagent.bootstrap.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** What each config.yaml value must look like; every message names its key. */
final class SettingRules {
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
  private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,59}");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern VERSION = Pattern.compile("3\\.\\d{1,2}\\.\\d{1,2}");
  private static final Pattern INSTANCE_TYPE = Pattern.compile("([a-z][a-z0-9-]*)\\.([a-z0-9]+)");
  private static final Pattern KEYPAIR = Pattern.compile("[\\x20-\\x7E]{1,255}");
  private static final Pattern RESERVATION = Pattern.compile("cr-[0-9a-f]{8,17}");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern STACK = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,127}|arn:aws[a-z-]*:cloudformation:[^\\s]+");

  private SettingRules() {}

  /** Every problem of these values, in key order; empty when they are fine. */
  static List<String> problems(Map<SettingKey, String> values) {
    List<String> problems = new ArrayList<>();
    values.forEach((key, value) -> check(key, value).ifPresent(p -> problems.add(key.name() + ": " + p)));
    String region = values.get(SettingKey.AWS_REGION);
    String az = values.get(SettingKey.AZ);
    if (region != null && az != null && REGION.matcher(region).matches() && !az.matches(Pattern.quote(region) + "[a-z]")) {
      problems.add("AZ: " + az + " is not an availability zone of AWS_REGION " + region);
    }
    return problems;
  }

  /** The hands-on's head node: 36 vCPUs. Below 8, its CustomActions can outlast CloudFormation's wait condition. */
  static final int MIN_HEAD_NODE_VCPUS = 8;

  /**
   * A warning (not an error) for a head node smaller than the hands-on recommends (c5.9xlarge): on c5n.large (2 vCPUs)
   * the CustomActions scripts can outlast the head node's CloudFormation wait condition (35 minutes) and the creation
   * fails. vCPUs are read from the size in the name (large 2, xlarge 4, Nxlarge 4N), which holds for the x86 and
   * Graviton families a head node runs on.
   */
  static Optional<String> headNodeWarning(Map<SettingKey, String> values) {
    String type = values.get(SettingKey.HEAD_NODE_INSTANCE_TYPE);
    if (type == null || !INSTANCE_TYPE.matcher(type).matches()) {
      return Optional.empty();
    }
    OptionalInt vcpus = vcpusOfSize(type.substring(type.indexOf('.') + 1));
    if (vcpus.isEmpty() || vcpus.getAsInt() >= MIN_HEAD_NODE_VCPUS) {
      return Optional.empty();
    }
    return Optional.of(headNodeWarning(type, vcpus.getAsInt()));
  }

  static String headNodeWarning(String type, int vcpus) {
    return "HEAD_NODE_INSTANCE_TYPE: " + type + " has " + vcpus + " vCPUs; the hands-on recommends c5.9xlarge (36 vCPUs): on a "
        + "head node this small the CustomActions scripts can outlast CloudFormation's wait condition (35 minutes) and the "
        + "cluster creation fails";
  }

  static OptionalInt vcpusOfSize(String size) {
    return switch (size) {
      case "nano", "micro", "small", "medium" -> OptionalInt.of(1);
      case "large" -> OptionalInt.of(2);
      case "xlarge" -> OptionalInt.of(4);
      default -> size.matches("\\d+xlarge") ? OptionalInt.of(4 * Integer.parseInt(size.substring(0, size.length() - "xlarge".length())))
          : OptionalInt.empty();
    };
  }

  private static Optional<String> check(SettingKey key, String value) {
    if (value.isBlank()) {
      return Optional.of("must not be empty");
    }
    return switch (key) {
      case CLUSTER_NAME -> mismatch(value, CLUSTER_NAME, "a cluster name: a letter, then letters, digits or -, at most 60");
      case AWS_REGION -> mismatch(value, REGION, "an AWS region such as ap-northeast-1");
      case PCLUSTER_VERSION -> mismatch(value, VERSION, "a ParallelCluster 3 version such as 3.13.1");
      case AZ -> mismatch(value, Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d[a-z]"), "an availability zone such as ap-northeast-1a");
      case HEAD_NODE_INSTANCE_TYPE, INSTANCE -> mismatch(value, INSTANCE_TYPE, "an EC2 instance type such as c5n.9xlarge");
      case NUM_INSTANCES -> value.matches("[1-9]\\d{0,3}") ? Optional.empty()
          : Optional.of("must be a whole number from 1 to 9999, got '" + value + "'");
      case KEYPAIR_NAME -> mismatch(value, KEYPAIR, "an EC2 key pair name");
      case CAPACITY_RESERVATION_ID -> mismatch(value, RESERVATION, "a capacity reservation id such as cr-0123456789abcdef0");
      case DATA_BUCKET_NAME -> mismatch(value, BUCKET, "an S3 bucket name");
      case STACK_ID_VPC -> mismatch(value, STACK, "a CloudFormation stack name or id");
      case POST_INSTALL_SCRIPTS_REF -> mismatch(value, COMMIT, "a commit of aws-parallelcluster-post-install-scripts (40 hex digits; "
          + "a branch such as main would change under the cluster)");
      default -> Optional.empty();
    };
  }

  private static Optional<String> mismatch(String value, Pattern pattern, String what) {
    return pattern.matcher(value).matches() ? Optional.empty() : Optional.of("'" + value + "' is not " + what);
  }
}
