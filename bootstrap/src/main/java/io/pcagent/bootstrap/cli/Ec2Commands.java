package io.pcagent.bootstrap.cli;

import io.pcagent.bootstrap.aws.AwsCalls;
import io.pcagent.bootstrap.aws.AwsSession;
import io.pcagent.bootstrap.settings.SettingKey;
import io.pcagent.bootstrap.settings.SettingsFile;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.ec2.model.CreateKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;

/** The hands-on's EC2 checks as commands: the key pair (and making one), and the instance types' vCPUs and EFA. */
final class Ec2Commands {
  private Ec2Commands() {}

  /** The region's key pair called KEYPAIR_NAME, or empty when EC2 says there is none. */
  static Optional<KeyPairInfo> keyPair(AwsSession session, String name) {
    return AwsCalls.callIfPresent("EC2 DescribeKeyPairs", () -> session.ec2().describeKeyPairs(r -> r.keyNames(name)).keyPairs().get(0),
        e -> "InvalidKeyPair.NotFound".equals(AwsCalls.errorCode(e)));
  }

  @Command(name = "keypair", mixinStandardHelpOptions = true, description = "The EC2 key pair of the head node (KEYPAIR_NAME).",
      subcommands = {KeyPairCheck.class, KeyPairCreate.class})
  static final class KeyPair extends CommandGroup {}

  @Command(name = "check", mixinStandardHelpOptions = true, description = "Exit 0 when KEYPAIR_NAME exists in AWS_REGION, 1 when not.")
  static final class KeyPairCheck implements Callable<Integer> {
    @Mixin StackCommands.StackOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Map<SettingKey, String> values = options.values();
      String name = options.settings.required(values, SettingKey.KEYPAIR_NAME);
      String region = options.settings.required(values, SettingKey.AWS_REGION);
      if (options.settings.dryRun) {
        new DryRunPlan().call("EC2 DescribeKeyPairs", "KeyName=" + name).print(options.settings, spec.commandLine().getOut());
        return ExitCode.OK.code();
      }
      try (AwsSession session = options.session(values)) {
        KeyPairInfo pair = keyPair(session, name).orElseThrow(() -> PcagentException.failure("key pair " + name
            + " does not exist in " + region + ": create it with pcluster-bootstrap keypair create, or set KEYPAIR_NAME to one that does"));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("keyName", pair.keyName());
        result.put("keyPairId", pair.keyPairId());
        result.put("fingerprint", pair.keyFingerprint());
        options.settings.printResult(spec.commandLine().getOut(), result);
      }
      return ExitCode.OK.code();
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create KEYPAIR_NAME in AWS_REGION and write its private key, readable by you only (0600).")
  static final class KeyPairCreate implements Callable<Integer> {
    @Mixin StackCommands.StackOptions options;
    @Spec CommandSpec spec;

    @Option(names = "--key-file", description = "Where the private key goes (default: ~/.ssh/<KEYPAIR_NAME>.pem); never overwritten.")
    Path keyFile;

    @Override
    public Integer call() throws IOException {
      Map<SettingKey, String> values = options.values();
      String name = options.settings.required(values, SettingKey.KEYPAIR_NAME);
      Path file = keyFile != null ? keyFile : Path.of(System.getProperty("user.home"), ".ssh", name + ".pem");
      if (Files.exists(file)) {
        throw PcagentException.usage(file + " exists: give another --key-file (an existing key is never overwritten)");
      }
      if (options.settings.dryRun) {
        new DryRunPlan().call("EC2 CreateKeyPair", "KeyName=" + name).change("write the private key", file)
            .print(options.settings, spec.commandLine().getOut());
        return ExitCode.OK.code();
      }
      try (AwsSession session = options.session(values)) {
        CreateKeyPairResponse created = AwsCalls.call("EC2 CreateKeyPair", () -> session.ec2().createKeyPair(r -> r.keyName(name)));
        write(file, created.keyMaterial());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("keyName", created.keyName());
        result.put("keyPairId", created.keyPairId());
        result.put("keyFile", file.toString());
        options.settings.printResult(spec.commandLine().getOut(), result);
      }
      return ExitCode.OK.code();
    }

    /** Created with 0600 from the start: the key is never readable by others, not even for a moment. */
    private static void write(Path file, String material) throws IOException {
      Path parent = file.toAbsolutePath().getParent();
      if (!Files.isDirectory(parent)) {
        Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        throw PcagentException.failure(file + " appeared meanwhile: the key pair was created, but its key is only in EC2's answer");
      }
      Files.writeString(file, material.endsWith("\n") ? material : material + "\n");
    }
  }

  @Command(name = "instance-types", mixinStandardHelpOptions = true,
      description = "EC2 DescribeInstanceTypes of INSTANCE and HEAD_NODE_INSTANCE_TYPE: INSTANCE must have EFA (the cluster "
          + "template enables it: exit 1 when not); a head node of fewer than 8 vCPUs is a warning.")
  static final class InstanceTypes implements Callable<Integer> {
    @Mixin StackCommands.StackOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Map<SettingKey, String> values = options.values();
      String instance = options.settings.required(values, SettingKey.INSTANCE);
      String headNode = options.settings.required(values, SettingKey.HEAD_NODE_INSTANCE_TYPE);
      if (options.settings.dryRun) {
        new DryRunPlan().call("EC2 DescribeInstanceTypes", "InstanceTypes=" + instance + "," + headNode)
            .print(options.settings, spec.commandLine().getOut());
        return ExitCode.OK.code();
      }
      try (AwsSession session = options.session(values)) {
        Map<String, InstanceTypeInfo> types = new LinkedHashMap<>();
        AwsCalls.call("EC2 DescribeInstanceTypes", () -> session.ec2().describeInstanceTypes(r -> r.instanceTypesWithStrings(
            List.of(instance, headNode).stream().distinct().toList()))).instanceTypes().forEach(t -> types.put(t.instanceTypeAsString(), t));
        InstanceTypeInfo compute = types.get(instance);
        InstanceTypeInfo head = types.get(headNode);
        boolean efa = Boolean.TRUE.equals(compute.networkInfo().efaSupported());
        int headVcpus = head.vCpuInfo().defaultVCpus();
        List<String> warnings = SettingsFile.headNodeWarning(headNode, headVcpus).stream().toList();
        PrintWriter err = spec.commandLine().getErr();
        warnings.forEach(w -> err.println("warning: " + w));
        err.flush();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("instance", instance);
        result.put("instanceVcpus", compute.vCpuInfo().defaultVCpus());
        result.put("instanceEfa", efa);
        result.put("headNode", headNode);
        result.put("headNodeVcpus", headVcpus);
        result.put("warnings", warnings);
        options.settings.printResult(spec.commandLine().getOut(), result);
        if (!efa) {
          err.println("INSTANCE: " + instance + " has no EFA, which the cluster template enables: pick an EFA type (c5n, p5, ...)");
          err.flush();
          return ExitCode.FAILURE.code();
        }
      }
      return ExitCode.OK.code();
    }
  }
}
