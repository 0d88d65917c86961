package io.pcagent.smoke;

/**
 * The GPUs a node's Gres says it has. With a MIG profile as the GPU type, Slurm counts MIG devices, so the probe
 * compares with the MIG devices {@code nvidia-smi -L} lists, not the physical GPUs.
 */
public record GpuExpectation(int count, boolean mig) {
  /** For the probe: {@code 8:gpu} or {@code 7:mig}. */
  String probeForm() {
    return count + ":" + (mig ? "mig" : "gpu");
  }
}
