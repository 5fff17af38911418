package io.infrakit.core.manager.store;

import io.infrakit.spi.PluginException;

/** A group whose newest stored version cannot be trusted: nothing is committed over it by accident. */
public final class DamagedGroupException extends PluginException {

    private final transient StoreDamage damage;

    public DamagedGroupException(StoreDamage damage) {
        super(damage.message());
        this.damage = damage;
    }

    public StoreDamage damage() {
        return damage;
    }
}
