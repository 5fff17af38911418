package io.infrakit.rpc.binding;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.spi.InterfaceSpec;
import io.infrakit.spi.controller.Controller;
import io.infrakit.spi.controller.ControllerObject;
import io.infrakit.spi.controller.ControllerSpec;
import io.infrakit.spi.controller.Metadata;
import io.infrakit.spi.controller.Operation;
import io.infrakit.spi.controller.Plan;
import io.infrakit.spi.controller.PlanResult;

import java.util.List;

/**
 * Controller/0.1.1 on the wire, as InfraKit's CLI speaks it to a manager: requests carry
 * {@code Name} (the plugin name addressed, e.g. {@code group}); Commit and Plan carry
 * {@code Operation} (0 enforce, 1 destroy) and {@code Spec}; Describe, Specs and Free carry a
 * {@code Metadata} search (null: everything).
 */
public final class ControllerRpc implements NameRoutedRpcInterface<Controller> {

    @JsonPropertyOrder({"Name", "Operation", "Spec"})
    public record ChangeRequest(@JsonProperty("Name") String name, @JsonProperty("Operation") Operation operation,
                                @JsonProperty("Spec") ControllerSpec spec) {
    }

    @JsonPropertyOrder({"Name", "Object", "Plan"})
    public record ChangeResponse(@JsonProperty("Name") String name, @JsonProperty("Object") ControllerObject object,
                                 @JsonProperty("Plan") Plan plan) {
    }

    @JsonPropertyOrder({"Name", "Metadata"})
    public record FindRequest(@JsonProperty("Name") String name, @JsonProperty("Metadata") Metadata metadata) {
    }

    @JsonPropertyOrder({"Name", "Objects"})
    public record FindResponse(@JsonProperty("Name") String name, @JsonProperty("Objects") List<ControllerObject> objects) {
    }

    @JsonPropertyOrder({"Name", "Specs"})
    public record SpecsResponse(@JsonProperty("Name") String name, @JsonProperty("Specs") List<ControllerSpec> specs) {
    }

    @Override
    public InterfaceSpec spec() {
        return InterfaceSpec.CONTROLLER;
    }

    @Override
    public Class<Controller> type() {
        return Controller.class;
    }


    private static Operation op(ChangeRequest r) {
        return r.operation() == null ? Operation.ENFORCE : r.operation();
    }

    @Override
    public List<RpcMethod<Controller, ?>> methods() {
        ControllerSpec example = new ControllerSpec("group", "", new Metadata("workers", null), null, null);
        return List.of(
                RpcMethod.of("Controller.Commit", ChangeRequest.class,
                        (c, r) -> new ChangeResponse(r.name(), c.commit(op(r), r.spec()), null),
                        new ChangeRequest("group", Operation.ENFORCE, example), new ChangeResponse("group", ControllerObject.of(example, null), null)),
                RpcMethod.of("Controller.Plan", ChangeRequest.class,
                        (c, r) -> {
                            PlanResult p = c.plan(op(r), r.spec());
                            return new ChangeResponse(r.name(), p.object(), p.plan());
                        },
                        new ChangeRequest("group", Operation.ENFORCE, example),
                        new ChangeResponse("group", ControllerObject.of(example, null), new Plan(List.of()))),
                RpcMethod.of("Controller.Describe", FindRequest.class,
                        (c, r) -> new FindResponse(r.name(), c.describe(r.metadata())),
                        new FindRequest("group", null), new FindResponse("group", List.of())),
                RpcMethod.of("Controller.Specs", FindRequest.class,
                        (c, r) -> new SpecsResponse(r.name(), c.specs(r.metadata())),
                        new FindRequest("group", null), new SpecsResponse("group", List.of())),
                RpcMethod.of("Controller.Free", FindRequest.class,
                        (c, r) -> new FindResponse(r.name(), c.free(r.metadata())),
                        new FindRequest("group", null), new FindResponse("group", List.of())));
    }

    @Override
    public Controller client(RpcClient rpc, PluginName name) {
        return new Client(rpc, name.toString());
    }

    /** A {@link Controller} behind a socket; every request carries {@code Name} = the plugin name addressed. */
    public static final class Client extends ClientProxy implements Controller {

        public Client(RpcClient rpc, String name) {
            super(rpc, name);
        }

        @Override
        public PlanResult plan(Operation operation, ControllerSpec spec) {
            ChangeResponse r = rpc.call("Controller.Plan", new ChangeRequest(addressee, operation, spec), ChangeResponse.class);
            return new PlanResult(r.object(), r.plan());
        }

        @Override
        public ControllerObject commit(Operation operation, ControllerSpec spec) {
            return rpc.call("Controller.Commit", new ChangeRequest(addressee, operation, spec), ChangeResponse.class).object();
        }

        @Override
        public List<ControllerObject> describe(Metadata search) {
            return orEmpty(rpc.call("Controller.Describe", new FindRequest(addressee, search), FindResponse.class).objects());
        }

        @Override
        public List<ControllerSpec> specs(Metadata search) {
            return orEmpty(rpc.call("Controller.Specs", new FindRequest(addressee, search), SpecsResponse.class).specs());
        }

        @Override
        public List<ControllerObject> free(Metadata search) {
            return orEmpty(rpc.call("Controller.Free", new FindRequest(addressee, search), FindResponse.class).objects());
        }
    }
}
