package io.infrakit.spi.controller;

/** The answer to {@link Controller#plan}: the object as it would be after the commit, and the plan. */
public record PlanResult(ControllerObject object, Plan plan) {
}
