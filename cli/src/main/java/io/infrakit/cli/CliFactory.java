package io.infrakit.cli;

import picocli.CommandLine;

import java.lang.reflect.Constructor;

/** Creates command objects, handing {@link CliEnv} to those whose constructor takes it. */
final class CliFactory implements CommandLine.IFactory {

    private final CliEnv env;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CliFactory(CliEnv env) {
        this.env = env;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        try {
            Constructor<K> withEnv = cls.getDeclaredConstructor(CliEnv.class);
            withEnv.setAccessible(true);
            return withEnv.newInstance(env);
        } catch (NoSuchMethodException e) {
            return fallback.create(cls);
        }
    }
}
