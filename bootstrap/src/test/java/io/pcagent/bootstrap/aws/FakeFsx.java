package io.pcagent.bootstrap.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.pcagent.bootstrap.aws.FakeAws.Reply;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * FSx behind {@link FakeAws} (JSON 1.1, target prefix AWSSimbaAPIService_v20180301): data repository associations
 * of known file systems. A new association is CREATING for two DescribeDataRepositoryAssociations calls by id,
 * then ends in the lifecycle the test chose (AVAILABLE, FAILED or MISCONFIGURED with AWS's failure message).
 */
public final class FakeFsx {
  private final Set<String> fileSystems = new HashSet<>();
  private final Map<String, Map<String, Object>> associations = new LinkedHashMap<>();
  private final Map<String, Integer> describesLeft = new LinkedHashMap<>();
  private String outcome = "AVAILABLE";
  private String failureMessage;

  public synchronized void fileSystem(String id) {
    fileSystems.add(id);
  }

  /** How the next associations end; a failure message for FAILED or MISCONFIGURED. */
  public synchronized void outcome(String lifecycle, String message) {
    outcome = lifecycle;
    failureMessage = message;
  }

  public synchronized List<Map<String, Object>> associations() {
    return List.copyOf(associations.values());
  }

  Reply handle(String operation, String body) {
    JsonNode request = FakeJson.read(body);
    return switch (operation) {
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
      String fileSystem = request.path("Filters").path(0).path("Values").path(0).asText();
      associations.values().stream().filter(a -> a.get("FileSystemId").equals(fileSystem)).forEach(found::add);
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
