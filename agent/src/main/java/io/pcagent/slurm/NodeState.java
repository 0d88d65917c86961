package io.pcagent.slurm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A node's state as scontrol prints it: a base state and {@code +}-joined flags
 * ({@code IDLE+CLOUD+POWERED_DOWN}, {@code MIXED+DRAIN}, {@code DOWN+NOT_RESPONDING}). Slurm 20 and older
 * wrote some flags as suffix symbols ({@code DOWN*}, {@code IDLE~}); those are read as the flags they mean.
 * Unknown bases or flags are kept as written and reported by {@link #unknown()}, never rejected. {@code nextState}
 * is scontrol's {@code NextState} ({@code RESUME}, {@code UNDRAIN}, {@code DOWN}), which Slurm prints only for a node
 * with a reboot requested or issued (node_info.c, slurm_sprint_node_table): the state the reboot leaves it in.
 */
public record NodeState(String base, Set<String> flags, String raw, Optional<String> nextState) {
  public static final Set<String> BASES = Set.of(
      "IDLE", "ALLOCATED", "MIXED", "DOWN", "ERROR", "FUTURE", "UNKNOWN");
  public static final Set<String> FLAGS = Set.of(
      "DRAIN", "NOT_RESPONDING", "CLOUD", "POWERED_DOWN", "POWERING_UP", "POWERING_DOWN", "POWER_DOWN",
      "POWER_UP", "MAINTENANCE", "RESERVED", "FAIL", "REBOOT_REQUESTED", "REBOOT_ISSUED", "REBOOT_CANCELED",
      "PLANNED", "INVALID_REG", "COMPLETING", "DYNAMIC_FUTURE", "DYNAMIC_NORM", "BLOCKED", "RESUME", "UNDRAIN",
      "PERFCTRS");
  private static final Map<Character, String> SUFFIXES = Map.of(
      '*', "NOT_RESPONDING", '~', "POWERED_DOWN", '#', "POWERING_UP", '%', "POWERING_DOWN", '!', "POWER_DOWN",
      '$', "MAINTENANCE", '@', "REBOOT_REQUESTED", '^', "REBOOT_ISSUED", '-', "PLANNED");

  public NodeState {
    flags = Set.copyOf(flags);
  }

  public NodeState(String base, Set<String> flags, String raw) {
    this(base, flags, raw, Optional.empty());
  }

  /** A state and the {@code NextState} printed beside it (null or empty: none). */
  public static NodeState parse(String raw, String nextState) {
    NodeState state = parse(raw);
    return nextState == null || nextState.isBlank() ? state
        : new NodeState(state.base(), state.flags(), state.raw(), Optional.of(nextState.strip().toUpperCase(Locale.ROOT)));
  }

  public static NodeState parse(String raw) {
    String[] parts = raw.strip().toUpperCase(Locale.ROOT).split("\\+");
    String base = parts[0];
    Set<String> flags = new LinkedHashSet<>();
    while (!base.isEmpty() && SUFFIXES.containsKey(base.charAt(base.length() - 1))) {
      flags.add(SUFFIXES.get(base.charAt(base.length() - 1)));
      base = base.substring(0, base.length() - 1);
    }
    if (base.equals("ALLOC")) {
      base = "ALLOCATED";
    } else if (base.equals("MIX")) {
      base = "MIXED";
    }
    for (int i = 1; i < parts.length; i++) {
      if (!parts[i].isEmpty()) {
        flags.add(parts[i]);
      }
    }
    return new NodeState(base.isEmpty() ? "UNKNOWN" : base, flags, raw.strip());
  }

  public boolean has(String flag) {
    return flags.contains(flag);
  }

  /** Base or flags this model does not know, as written: counted as "unknown", shown to operators as is. */
  public List<String> unknown() {
    List<String> unknown = new ArrayList<>();
    if (!BASES.contains(base)) {
      unknown.add(base);
    }
    flags.stream().filter(f -> !FLAGS.contains(f)).sorted().forEach(unknown::add);
    return unknown;
  }

  /** Whether the node can take work (see {@link NodeService} for the rules). */
  public NodeService service() {
    return NodeService.of(this);
  }

  /** Powered down or powering down: capacity that is asleep, not missing. */
  public boolean poweredDown() {
    return service() == NodeService.POWERED_DOWN;
  }

  /** Powering up or rebooting: capacity on its way, not missing. */
  public boolean booting() {
    return service() == NodeService.BOOTING;
  }

  /** Out of service: down, drained or draining, failing, not responding, or rejected at registration. */
  public boolean unavailable() {
    return service() == NodeService.OUT_OF_SERVICE;
  }

  /**
   * The one category the classic exporters count a node under ({@code slurm_nodes_<category>}): the most
   * serious condition first, so a drained idle node is "drain", not "idle".
   */
  public String category() {
    if (base.equals("DOWN")) {
      return "down";
    }
    if (has("FAIL")) {
      return "fail";
    }
    if (base.equals("ERROR")) {
      return "err";
    }
    if (has("DRAIN")) {
      return "drain";
    }
    if (has("MAINTENANCE")) {
      return "maint";
    }
    if (has("RESERVED")) {
      return "resv";
    }
    if (has("PLANNED")) {
      return "planned";
    }
    if (has("COMPLETING")) {
      return "comp";
    }
    return switch (base) {
      case "MIXED" -> "mix";
      case "ALLOCATED" -> "alloc";
      case "IDLE" -> "idle";
      default -> "unknown";
    };
  }

  /** Every category, in the order metrics list them. */
  public static final List<String> CATEGORIES = List.of(
      "alloc", "comp", "down", "drain", "err", "fail", "idle", "maint", "mix", "resv", "planned", "unknown");
}
