package io.pcagent.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.pcagent.images.ImageImportRequest;
import io.pcagent.images.ImageName;
import io.pcagent.images.ImageSource;
import java.util.Optional;
import java.util.Set;

/** The body of {@code POST /v1/images} ({@code source}, {@code name}) and image names in paths, validated. */
final class ImageBody {
  private static final Set<String> FIELDS = Set.of("source", "name");

  private ImageBody() {}

  static ImageImportRequest parse(String body) {
    JsonNode root = JsonBody.object(body, FIELDS);
    String source = required(root, "source");
    ImageSource.problem(source).ifPresent(problem -> {
      throw JsonBody.bad("source", problem);
    });
    String name = required(root, "name");
    ImageName.problem(name).ifPresent(problem -> {
      throw JsonBody.bad("name", "'" + JsonBody.abbreviate(name) + "' " + problem);
    });
    return new ImageImportRequest(name, source);
  }

  /** A name from the path, checked as a body's would be. */
  static String name(String name) {
    Optional<String> problem = ImageName.problem(name);
    if (problem.isPresent()) {
      throw new ProblemException(Problem.badRequest("image name '" + JsonBody.abbreviate(name) + "' " + problem.get()));
    }
    return name;
  }

  private static String required(JsonNode root, String field) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      throw JsonBody.bad(field, "is required");
    }
    if (!value.isTextual()) {
      throw JsonBody.bad(field, "must be a string, got " + JsonBody.abbreviate(value.toString()));
    }
    return value.asText();
  }
}
