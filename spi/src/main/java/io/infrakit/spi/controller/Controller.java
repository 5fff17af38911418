package io.infrakit.spi.controller;

import java.util.List;

/**
 * Controller/0.1.1: InfraKit's generic controller interface, which its CLI uses to commit specs
 * to a manager ({@code infrakit group commit}). Every method answers promptly: a commit stores
 * the spec and hands it over; convergence happens afterwards.
 */
public interface Controller {

    /** What a commit would do, without doing it. */
    PlanResult plan(Operation operation, ControllerSpec spec);

    /** Enforces (or destroys) the object described by the spec; returns as soon as it is accepted. */
    ControllerObject commit(Operation operation, ControllerSpec spec);

    /** Objects matching the search (null or blank name: all), with their current state. */
    List<ControllerObject> describe(Metadata search);

    /** The committed specs matching the search. */
    List<ControllerSpec> specs(Metadata search);

    /** Stops managing the matching objects (they keep running); commit again to resume. */
    List<ControllerObject> free(Metadata search);
}
