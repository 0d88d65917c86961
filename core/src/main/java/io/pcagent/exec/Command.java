package io.pcagent.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One external command: an argument list (never a shell string), environment overrides (on top of this process's
 * environment, or alone when {@code inheritsEnvironment} is false), an optional working directory, a timeout and a cap
 * on how much of each output stream is kept.
 */
public record Command(
    List<String> argv,
    Map<String, String> environment,
    boolean inheritsEnvironment,
    Optional<Path> workingDirectory,
    Duration timeout,
    int outputLimitBytes) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_OUTPUT_LIMIT_BYTES = 16 * 1024 * 1024;

  public Command {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv must not be empty");
    }
    environment = Map.copyOf(environment);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (outputLimitBytes <= 0) {
      throw new IllegalArgumentException("outputLimitBytes must be positive, got " + outputLimitBytes);
    }
  }

  public static Command of(String... argv) {
    return new Command(List.of(argv), Map.of(), true, Optional.empty(), DEFAULT_TIMEOUT, DEFAULT_OUTPUT_LIMIT_BYTES);
  }

  public static Command of(List<String> argv) {
    return new Command(argv, Map.of(), true, Optional.empty(), DEFAULT_TIMEOUT, DEFAULT_OUTPUT_LIMIT_BYTES);
  }

  public Command withTimeout(Duration newTimeout) {
    return new Command(argv, environment, inheritsEnvironment, workingDirectory, newTimeout, outputLimitBytes);
  }

  public Command withOutputLimit(int bytes) {
    return new Command(argv, environment, inheritsEnvironment, workingDirectory, timeout, bytes);
  }

  public Command withWorkingDirectory(Path directory) {
    return new Command(argv, environment, inheritsEnvironment, Optional.of(directory), timeout, outputLimitBytes);
  }

  /** Adds (or replaces) environment variables on top of those already set on this command. */
  public Command withEnvironment(Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(environment);
    merged.putAll(overrides);
    return new Command(argv, merged, inheritsEnvironment, workingDirectory, timeout, outputLimitBytes);
  }

  /** Exactly these environment variables, nothing of this process's own. */
  public Command withOnlyEnvironment(Map<String, String> only) {
    return new Command(argv, only, false, workingDirectory, timeout, outputLimitBytes);
  }

  public String program() {
    return argv.get(0);
  }
}
