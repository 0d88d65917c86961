package io.pcagent.bootstrap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code --dry-run} says a command would do, in order: the commands it would run, the AWS calls it would make,
 * the files it would change. As text, a line each ({@code would run: ...}, {@code would call ...}); with
 * {@code --output json}, one object on stdout: {@code {"dryRun": true, "actions": [{"run": [argv]}, {"call": "S3 PutObject",
 * "request": "..."}, {"change": "set STACK_ID_VPC=...", "file": "..."}]}}.
 */
final class DryRunPlan {
  private sealed interface Action permits Run, Call, Change {
    String text();

    Map<String, Object> json();
  }

  private record Run(List<String> argv) implements Action {
    public String text() {
      return "would run: " + String.join(" ", argv);
    }

    public Map<String, Object> json() {
      return Map.of("run", argv);
    }
  }

  private record Call(String service, String request) implements Action {
    public String text() {
      return "would call " + service + " " + request;
    }

    public Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("call", service);
      json.put("request", request);
      return json;
    }
  }

  private record Change(String what, Path file) implements Action {
    public String text() {
      return "would " + what + " in " + file;
    }

    public Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("change", what);
      json.put("file", file.toString());
      return json;
    }
  }

  private final List<Action> actions = new ArrayList<>();

  DryRunPlan run(List<String> argv) {
    actions.add(new Run(List.copyOf(argv)));
    return this;
  }

  DryRunPlan call(String service, Object request) {
    actions.add(new Call(service, String.valueOf(request)));
    return this;
  }

  /** A file the command would change: {@code what} completes "would ...". */
  DryRunPlan change(String what, Path file) {
    actions.add(new Change(what, file));
    return this;
  }

  void print(SettingsOptions settings, PrintWriter out) {
    if (settings.json()) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("dryRun", true);
      result.put("actions", actions.stream().map(Action::json).toList());
      settings.printResult(out, result);
      return;
    }
    actions.forEach(action -> out.println(action.text()));
    out.flush();
  }
}
