package io.pcagent.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link SandboxCluster} parameter. One cluster serves the whole test run: it is kept in the
 * root context's store, which closes it (stopping every daemon by pid) when the run ends.
 */
public final class SandboxExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SandboxExtension.class);
  static final Path DIR = Path.of("target", "it-sandbox").toAbsolutePath();

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SandboxCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("cluster", key -> start(), SandboxCluster.class);
  }

  private static SandboxCluster start() {
    try {
      SandboxCluster cluster = SandboxCluster.start(DIR);
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "it-sandbox-down"));
      return cluster;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ParameterResolutionException("interrupted while starting the sandbox", e);
    }
  }
}
