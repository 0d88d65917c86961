package io.pcagent.sandbox;

import java.util.List;

/**
 * One node's mount namespace as {@code sandbox status} shows it.
 *
 * @param namespace the kernel's name of it, such as {@code mnt:[4026532301]}
 * @param ownNamespace true when it is not the head node's (this host's)
 * @param mounts the mounts that make it a node of its own (local disk, /etc, masks, shared file systems)
 */
public record NodeNamespace(String node, long slurmdPid, String namespace, boolean ownNamespace, List<String> mounts) {}
