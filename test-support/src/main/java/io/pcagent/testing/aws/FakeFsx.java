package io.pcagent.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.pcagent.testing.aws.FakeAws.Reply;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * FSx behind {@link FakeAws} (JSON 1.1, target prefix AWSSimbaAPIService_v20180301): file systems and the data
 * repository associations of known file systems. A new association is CREATING for two
 * DescribeDataRepositoryAssociations calls by id, then ends in the lifecycle the test chose (AVAILABLE, FAILED or
 * MISCONFIGURED with AWS's failure message). A file system or association can also be given as it is; an operation
 * can be denied (AccessDeniedException, as without the IAM permission).
 */
public final class FakeFsx {
  private final Set<String> fileSystems = new HashSet<>();
  private final Map<String, Map<String, Object>> described = new LinkedHashMap<>();
  private final Set<String> denied = new HashSet<>();
  private final Map<String, Map<String, Object>> associations = new LinkedHashMap<>();
  private final Map<String, Integer> describesLeft = new LinkedHashMap<>();
  private String outcome = "AVAILABLE";
  private String failureMessage;

  public synchronized void fileSystem(String id) {
    fileSystems.add(id);
  }

  /** A file system as DescribeFileSystems shows it: type LUSTRE or OPENZFS..., lifecycle, AWS's failure message. */
  public synchronized void fileSystem(String id, String type, String lifecycle, String failureMessage) {
    fileSystems.add(id);
    Map<String, Object> fileSystem = new LinkedHashMap<>();
    fileSystem.put("FileSystemId", id);
    fileSystem.put("FileSystemType", type);
    fileSystem.put("Lifecycle", lifecycle);
    fileSystem.put("StorageCapacity", 1200);
    fileSystem.put("DNSName", id + ".fsx.ap-northeast-1.amazonaws.com");
    if (type.equals("LUSTRE")) {
      fileSystem.put("LustreConfiguration", Map.of("DeploymentType", "PERSISTENT_2", "MountName", "6syhhbev"));
    }
    if (failureMessage != null) {
      fileSystem.put("FailureDetails", Map.of("Message", failureMessage));
    }
    described.put(id, fileSystem);
  }

  /** An association as it is now (no lifecycle steps). */
  public synchronized void association(String fileSystem, String id, String path, String dataRepositoryPath, String lifecycle,
      String failureMessage) {
    Map<String, Object> association = new LinkedHashMap<>();
    association.put("AssociationId", id);
    association.put("FileSystemId", fileSystem);
    association.put("Lifecycle", lifecycle);
    association.put("FileSystemPath", path);
    association.put("DataRepositoryPath", dataRepositoryPath);
    if (failureMessage != null) {
      association.put("FailureDetails", Map.of("Message", failureMessage));
    }
    associations.put(id, association);
  }

  /** Calls of {@code operation} answer AccessDeniedException. */
  public synchronized void deny(String operation) {
    denied.add(operation);
  }

  /** How the next associations end; a failure message for FAILED or MISCONFIGURED. */
  public synchronized void outcome(String lifecycle, String message) {
    outcome = lifecycle;
    failureMessage = message;
  }

  public synchronized List<Map<String, Object>> associations() {
    return List.copyOf(associations.values());
  }

  synchronized Reply handle(String operation, String body) {
    JsonNode request = FakeJson.read(body);
    if (denied.contains(operation)) {
      return FakeJson.error(400, "AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/pc-head-node/i-0123 "
          + "is not authorized to perform: fsx:" + operation + " because no identity-based policy allows the fsx:" + operation + " action");
    }
    return switch (operation) {
      case "DescribeFileSystems" -> describeFileSystems(request);
      case "CreateDataRepositoryAssociation" -> create(request);
      case "DescribeDataRepositoryAssociations" -> describe(request);
      default -> FakeJson.error(400, "UnknownOperationException", operation);
    };
  }

  private Reply create(JsonNode request) {
    String fileSystem = request.path("FileSystemId").asText();
    if (!fileSystems.contains(fileSystem)) {
      return FakeJson.error(400, "FileSystemNotFound", "File system '" + fileSystem + "' does not exist.");
    }
    String path = request.path("FileSystemPath").asText();
    if (associations.values().stream().anyMatch(a -> a.get("FileSystemId").equals(fileSystem) && a.get("FileSystemPath").equals(path))) {
      return FakeJson.error(400, "BadRequest", "The file system path " + path + " overlaps with an existing data repository association.");
    }
    Map<String, Object> association = new LinkedHashMap<>();
    String id = "dra-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
    association.put("AssociationId", id);
    association.put("ResourceARN", "arn:aws:fsx:ap-northeast-1:123456789012:association/" + fileSystem + "/" + id);
    association.put("FileSystemId", fileSystem);
    association.put("Lifecycle", "CREATING");
    association.put("FileSystemPath", path);
    association.put("DataRepositoryPath", request.path("DataRepositoryPath").asText());
    association.put("BatchImportMetaDataOnCreate", request.path("BatchImportMetaDataOnCreate").asBoolean());
    association.put("ImportedFileChunkSize", 1024);
    association.put("S3", FakeJson.JSON.convertValue(request.path("S3"), Map.class));
    association.put("CreationTime", 1.7644e9);
    associations.put(id, association);
    describesLeft.put(id, 2);
    return FakeJson.ok(Map.of("Association", association));
  }

  private Reply describeFileSystems(JsonNode request) {
    List<Map<String, Object>> found = new ArrayList<>();
    for (JsonNode id : request.path("FileSystemIds")) {
      Map<String, Object> fileSystem = described.get(id.asText());
      if (fileSystem == null) {
        return FakeJson.error(400, "FileSystemNotFound", "File system '" + id.asText() + "' does not exist.");
      }
      found.add(fileSystem);
    }
    return FakeJson.ok(Map.of("FileSystems", found));
  }

  private Reply describe(JsonNode request) {
    List<Map<String, Object>> found = new ArrayList<>();
    if (request.has("AssociationIds")) {
      for (JsonNode id : request.path("AssociationIds")) {
        Map<String, Object> association = associations.get(id.asText());
        if (association == null) {
          return FakeJson.error(400, "DataRepositoryAssociationNotFound", "No data repository association found: " + id.asText());
        }
        advance(id.asText(), association);
        found.add(association);
      }
    } else {
      Set<String> wanted = new HashSet<>();
      request.path("Filters").path(0).path("Values").forEach(value -> wanted.add(value.asText()));
      associations.values().stream().filter(a -> wanted.contains(String.valueOf(a.get("FileSystemId")))).forEach(found::add);
    }
    return FakeJson.ok(Map.of("Associations", found));
  }

  private void advance(String id, Map<String, Object> association) {
    int left = describesLeft.merge(id, -1, Integer::sum);
    if (left < 0 && association.get("Lifecycle").equals("CREATING")) {
      association.put("Lifecycle", outcome);
      if (failureMessage != null) {
        association.put("FailureDetails", Map.of("Message", failureMessage));
      }
    }
  }
}
