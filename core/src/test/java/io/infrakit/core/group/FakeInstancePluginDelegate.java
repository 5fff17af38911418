package io.infrakit.core.group;

import io.infrakit.spi.instance.ForwardingInstancePlugin;
import io.infrakit.spi.instance.InstancePlugin;

/** Forwards every call to another instance plugin (to add interfaces in tests). */
class FakeInstancePluginDelegate implements ForwardingInstancePlugin {
    private final InstancePlugin inner;

    FakeInstancePluginDelegate(InstancePlugin inner) {
        this.inner = inner;
    }

    @Override
    public InstancePlugin delegate() {
        return inner;
    }
}
