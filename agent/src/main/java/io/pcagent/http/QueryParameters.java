package io.pcagent.http;

import io.vertx.core.MultiMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A request's query parameters, checked against the names its route accepts. */
final class QueryParameters {
  private final MultiMap params;

  private QueryParameters(MultiMap params) {
    this.params = params;
  }

  /** Rejects (with a problem naming them) parameters the route does not know and repeated ones. */
  static QueryParameters check(MultiMap params, Set<String> allowed) {
    Set<String> unknown = new TreeSet<>();
    for (String name : params.names()) {
      if (!allowed.contains(name)) {
        unknown.add(name);
      } else if (params.getAll(name).size() > 1) {
        throw new ProblemException(Problem.badRequest("query parameter '" + name + "' given more than once"));
      }
    }
    if (!unknown.isEmpty()) {
      throw new ProblemException(Problem.badRequest("unknown query parameter" + (unknown.size() > 1 ? "s" : "") + ": "
          + String.join(", ", unknown) + " (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")"));
    }
    return new QueryParameters(params);
  }

  Optional<String> get(String name) {
    return Optional.ofNullable(params.get(name)).filter(v -> !v.isEmpty());
  }

  /** An integer from {@code min} to {@code max}, if given; anything else is a problem naming the parameter. */
  Optional<Integer> integer(String name, int min, int max) {
    return get(name).map(text -> {
      try {
        int value = Integer.parseInt(text);
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new ProblemException(Problem.badRequest(name + ": expected an integer from " + min + " to " + max + ", got '" + text + "'"));
    });
  }

  boolean flag(String name) {
    Optional<String> value = get(name);
    if (value.isEmpty()) {
      return false;
    }
    return switch (value.get()) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new ProblemException(Problem.badRequest(name + ": expected true or false, got '" + value.get() + "'"));
    };
  }

}
