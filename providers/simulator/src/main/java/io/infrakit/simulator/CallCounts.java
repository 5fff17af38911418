package io.infrakit.simulator;

/**
 * How many times each method of one simulated object was called (a snapshot). Tests and
 * benchmarks use it to prove, e.g., that a controller polls without asking for properties.
 *
 * @param describeInstances               every DescribeInstances call
 * @param describeInstancesWithProperties the DescribeInstances calls among them that asked for properties
 * @param provisionFailures               the Provision calls that failed (injected by failure-rate)
 */
public record CallCounts(
        long validate,
        long provision,
        long provisionFailures,
        long label,
        long destroy,
        long describeInstances,
        long describeInstancesWithProperties) {
}
