package io.pcagent.sandbox;

import io.pcagent.mount.MountEntry;
import io.pcagent.mount.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Each running node's mount namespace, and the mounts that make it a node of its own, for {@code sandbox status}. */
final class NodeNamespaces {
  private NodeNamespaces() {}

  static List<NodeNamespace> of(SandboxLayout layout, List<String> nodes) {
    String headNamespace = namespace(ProcessHandle.current().pid());
    List<NodeNamespace> namespaces = new ArrayList<>();
    for (String node : nodes) {
      OptionalLong pid = Daemons.ownLivePid(layout.slurmdPidFile(node), layout.dir());
      if (pid.isEmpty()) {
        continue;
      }
      String namespace = namespace(pid.getAsLong());
      // A folder carried across a mask is mounted twice (the old copy lies under the mask): the last one is seen.
      Map<Path, String> mounts = new LinkedHashMap<>();
      for (MountEntry entry : MountTable.of(pid.getAsLong())) {
        if (ofInterest(entry, layout)) {
          mounts.remove(entry.mountPoint());
          mounts.put(entry.mountPoint(), entry.mountPoint() + " (" + entry.type() + ")");
        }
      }
      namespaces.add(new NodeNamespace(node, pid.getAsLong(), namespace, !namespace.equals(headNamespace),
          List.copyOf(mounts.values())));
    }
    return namespaces;
  }

  private static boolean ofInterest(MountEntry entry, SandboxLayout layout) {
    Path point = entry.mountPoint();
    return NodeBoot.masks(layout).contains(point) || point.equals(Path.of("/etc"))
        || layout.sharedMounts().stream().anyMatch(m -> m.mountPoint().equals(point))
        || point.getParent() != null && point.getParent().equals(layout.nodes());
  }

  private static String namespace(long pid) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "mnt")).toString();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
