package io.pcagent.slurm;

import java.time.LocalDateTime;
import java.util.Optional;

/**
 * One job, or one task of an array job (arrays are expanded), from squeue.
 *
 * @param id as Slurm shows it: {@code 42}, or {@code 40_3} for task 3 of array job 40
 * @param jobId the numeric job id of this job or array task
 * @param arrayJobId the array's id for an array task, else empty
 * @param state long form: PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL, OUT_OF_MEMORY...
 * @param reason why it is pending (or how it ended), as squeue prints it
 */
public record Job(
    String id,
    long jobId,
    Optional<Long> arrayJobId,
    Optional<String> arrayTaskId,
    String name,
    String user,
    String state,
    Optional<String> reason,
    String partition,
    int nodeCount,
    int cpus,
    Optional<String> nodeList,
    Optional<LocalDateTime> submitTime,
    Optional<LocalDateTime> startTime,
    Optional<LocalDateTime> endTime,
    String elapsed,
    Optional<String> timeLimit) {}
