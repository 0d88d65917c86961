package io.pcagent.sandbox;

import java.nio.file.Path;

/**
 * One shared file system of the sandbox: a FUSE bindfs mount of {@code backing} at {@code mountPoint}. A real mount
 * (its own mountinfo entry and statvfs) that every node sees at the same path, and that hangs, as a stuck Lustre or
 * NFS client does, while its bindfs process is stopped.
 */
public record SharedMount(String name, Path backing, Path mountPoint) {}
