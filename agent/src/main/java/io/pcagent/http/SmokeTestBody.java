package io.pcagent.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.pcagent.smoke.SmokeTestRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The body of {@code POST /v1/smoke-tests}, validated field by field; every problem names its field. */
final class SmokeTestBody {
  private static final Set<String> FIELDS = Set.of("partitions", "nodes", "tasksPerNode", "timeoutSeconds", "sharedDirs",
      "includePoweredDown", "containerImage");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern ABSOLUTE_PATH = Pattern.compile("/[A-Za-z0-9._/-]{0,4095}");
  private static final int MAX_ITEMS = 10_000;
  /** An Enroot image reference (docker://registry#image:tag) or a squashfs path, as srun --container-image takes. */
  private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@#+-]{0,511}|/[A-Za-z0-9._/-]{1,4095}");

  private SmokeTestBody() {}

  /** {@code sharedDirs} is the default of the field: the mounts the agent watches. */
  static SmokeTestRequest parse(String body, List<String> sharedDirs) {
    JsonNode root = JsonBody.object(body, FIELDS);
    SmokeTestRequest defaults = SmokeTestRequest.defaults(sharedDirs);
    return new SmokeTestRequest(
        strings(root, "partitions", List.of(), NAME::matcher, "a Slurm partition name"),
        strings(root, "nodes", List.of(), NAME::matcher, "a node name"),
        JsonBody.integer(root, "tasksPerNode", defaults.tasksPerNode(), 1, 256),
        JsonBody.integer(root, "timeoutSeconds", defaults.timeoutSeconds(), 10, 86_400),
        strings(root, "sharedDirs", defaults.sharedDirs(), ABSOLUTE_PATH::matcher, "an absolute path of letters, digits, . _ - /"),
        JsonBody.bool(root, "includePoweredDown", defaults.includePoweredDown()),
        image(root.get("containerImage")));
  }

  private static List<String> strings(JsonNode root, String field, List<String> fallback,
      Function<String, Matcher> pattern, String what) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isArray()) {
      throw JsonBody.bad(field, "must be a list of strings");
    }
    if (value.size() > MAX_ITEMS) {
      throw JsonBody.bad(field, "has " + value.size() + " items, at most " + MAX_ITEMS);
    }
    List<String> items = new ArrayList<>();
    Iterator<JsonNode> elements = value.elements();
    while (elements.hasNext()) {
      JsonNode item = elements.next();
      Predicate<String> valid = text -> pattern.apply(text).matches();
      if (!item.isTextual() || !valid.test(item.asText())) {
        throw JsonBody.bad(field, "'" + JsonBody.abbreviate(item.toString()) + "' is not " + what);
      }
      items.add(item.asText());
    }
    return items;
  }

  private static String image(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual() || !IMAGE.matcher(value.asText()).matches()) {
      throw JsonBody.bad("containerImage", "'" + JsonBody.abbreviate(value.toString()) + "' is not an image reference (docker://...) or a squashfs path");
    }
    return value.asText();
  }
}
