package io.pcagent.bootstrap.settings;

import java.util.Arrays;
import java.util.Optional;

/**
 * The keys of config.yaml, as the hands-on names them, in the order the file lists them. The last group are
 * the prerequisite stack's outputs, merged in by {@code outputs}.
 */
public enum SettingKey {
  CLUSTER_NAME, AWS_REGION, PCLUSTER_VERSION, AZ, HEAD_NODE_INSTANCE_TYPE, NUM_INSTANCES, INSTANCE, KEYPAIR_NAME,
  CAPACITY_RESERVATION_ID, DATA_BUCKET_NAME, POST_INSTALL_SCRIPTS_REF, STACK_ID_VPC,
  VPC, PublicSubnet, PrimaryPrivateSubnet, SecurityGroup, FSxLustreFilesystemId, FSxLustreFilesystemMountname,
  FSxLustreFilesystemDNSname, FSxORootVolumeId;

  public static Optional<SettingKey> of(String name) {
    return Arrays.stream(values()).filter(k -> k.name().equals(name)).findFirst();
  }

  /** A stack output rather than something the operator sets. */
  public boolean isStackOutput() {
    return ordinal() >= VPC.ordinal();
  }
}
