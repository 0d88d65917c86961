package io.pcagent.bootstrap.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * staged-agent.yaml beside config.yaml: where {@code stage} put the agent, for {@code render} to use in the head
 * node's OnNodeConfigured action.
 */
public record StagedAgent(String script, String bundle, String sha256) {
  public static final String NAME = "staged-agent.yaml";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  public static Optional<StagedAgent> read(Path configDir) {
    Path file = configDir.resolve(NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode node = YAML.readTree(file.toFile());
      for (String key : new String[] {"script", "bundle", "sha256"}) {
        if (node == null || !node.path(key).isTextual()) {
          throw new PcagentException(ExitCode.USAGE, file + ": " + key + ": missing (run pcluster-bootstrap stage again)");
        }
      }
      return Optional.of(new StagedAgent(node.path("script").asText(), node.path("bundle").asText(), node.path("sha256").asText()));
    } catch (IOException e) {
      throw new PcagentException(ExitCode.USAGE, file + ": not valid YAML: " + e.getMessage(), e);
    }
  }

  public void write(Path configDir) {
    Path file = configDir.resolve(NAME);
    try {
      Files.writeString(file, "# written by pcluster-bootstrap stage; read by render\nscript: \"" + script + "\"\nbundle: \""
          + bundle + "\"\nsha256: \"" + sha256 + "\"\n");
    } catch (IOException e) {
      throw new PcagentException(ExitCode.FAILURE, file + ": cannot be written: " + e.getMessage(), e);
    }
  }
}
