package io.pcagent.testing.aws;

import static io.pcagent.testing.aws.FakeCloudFormation.tag;

import io.pcagent.testing.aws.FakeAws.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * EC2 as the SDK's EC2 client sees it (the EC2 query protocol: form-encoded {@code Action}, XML answers in EC2's
 * namespace, errors as {@code Response/Errors/Error}): key pairs (DescribeKeyPairs, CreateKeyPair) and instance types
 * (DescribeInstanceTypes, with the vCPUs and EFA support of a few types the hands-on uses, or any added).
 */
public final class FakeEc2 {
  private static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

  /** What DescribeInstanceTypes tells of a type. */
  public record InstanceType(String name, int vcpus, boolean efa) {}

  private final Map<String, String> keyPairs = new LinkedHashMap<>();
  private final Map<String, InstanceType> instanceTypes = new LinkedHashMap<>();

  public FakeEc2() {
    for (InstanceType type : List.of(new InstanceType("c5.9xlarge", 36, false), new InstanceType("c5n.9xlarge", 36, true),
        new InstanceType("c5n.large", 2, false), new InstanceType("c5.2xlarge", 8, false), new InstanceType("p5.48xlarge", 192, true))) {
      instanceTypes.put(type.name(), type);
    }
  }

  public synchronized void keyPair(String name) {
    keyPairs.put(name, "key-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17));
  }

  public synchronized boolean hasKeyPair(String name) {
    return keyPairs.containsKey(name);
  }

  synchronized Reply handle(String operation, Map<String, String> form) {
    return switch (operation) {
      case "DescribeKeyPairs" -> describeKeyPairs(values(form, "KeyName"));
      case "CreateKeyPair" -> createKeyPair(form.getOrDefault("KeyName", ""));
      case "DescribeInstanceTypes" -> describeInstanceTypes(values(form, "InstanceType"));
      default -> error(400, "InvalidAction", "The action " + operation + " is not valid for this web service.");
    };
  }

  private Reply describeKeyPairs(List<String> names) {
    StringBuilder items = new StringBuilder();
    for (String name : names.isEmpty() ? List.copyOf(keyPairs.keySet()) : names) {
      String id = keyPairs.get(name);
      if (id == null) {
        return error(400, "InvalidKeyPair.NotFound", "The key pair '" + name + "' does not exist");
      }
      items.append("<item>").append(tag("keyPairId", id)).append(tag("keyName", name)).append(tag("keyType", "rsa"))
          .append(tag("keyFingerprint", fingerprint(id))).append("</item>");
    }
    return ok("DescribeKeyPairsResponse", "<keySet>" + items + "</keySet>");
  }

  private Reply createKeyPair(String name) {
    if (keyPairs.containsKey(name)) {
      return error(400, "InvalidKeyPair.Duplicate", "The keypair already exists");
    }
    keyPair(name);
    String id = keyPairs.get(name);
    String material = "-----BEGIN RSA PRIVATE KEY-----\nMIIEFAKE" + id + "\n-----END RSA PRIVATE KEY-----";
    return ok("CreateKeyPairResponse", tag("keyName", name) + tag("keyFingerprint", fingerprint(id)) + tag("keyMaterial", material)
        + tag("keyPairId", id));
  }

  private Reply describeInstanceTypes(List<String> names) {
    StringBuilder items = new StringBuilder();
    for (String name : names) {
      InstanceType type = instanceTypes.get(name);
      if (type == null) {
        return error(400, "InvalidInstanceType", "The following supplied instance types do not exist: [" + name + "]");
      }
      items.append("<item>").append(tag("instanceType", name)).append("<vCpuInfo>").append(tag("defaultVCpus", Integer.toString(type.vcpus())))
          .append("</vCpuInfo><networkInfo>").append(tag("efaSupported", Boolean.toString(type.efa()))).append("</networkInfo></item>");
    }
    return ok("DescribeInstanceTypesResponse", "<instanceTypeSet>" + items + "</instanceTypeSet>");
  }

  /** {@code Name.1}, {@code Name.2}... of a query request, in order. */
  private static List<String> values(Map<String, String> form, String name) {
    List<String> values = new ArrayList<>();
    for (int i = 1; form.containsKey(name + "." + i); i++) {
      values.add(form.get(name + "." + i));
    }
    return values;
  }

  private static String fingerprint(String id) {
    return String.join(":", id.substring(4, 6), id.substring(6, 8), id.substring(8, 10), id.substring(10, 12));
  }

  private static Reply ok(String element, String body) {
    return Reply.of(200, "text/xml", "<" + element + " xmlns=\"" + NS + "\">" + tag("requestId", UUID.randomUUID().toString()) + body
        + "</" + element + ">");
  }

  static Reply error(int status, String code, String message) {
    return Reply.of(status, "text/xml", "<Response><Errors><Error>" + tag("Code", code) + tag("Message", message)
        + "</Error></Errors>" + tag("RequestID", UUID.randomUUID().toString()) + "</Response>");
  }
}
