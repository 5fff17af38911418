package io.infrakit.cli.view;

import picocli.CommandLine;

import java.util.Map;

/**
 * ANSI colour for people at a terminal, and nothing for pipes, files or {@code NO_COLOR}
 * (https://no-color.org): scripts that read our output must never see escape codes.
 */
public final class Colour {

    public static final Colour NONE = new Colour(false);

    private final boolean on;

    private Colour(boolean on) {
        this.on = on;
    }

    /** On when standard output is a terminal and {@code NO_COLOR} is not set in {@code env}. */
    public static Colour forTerminal(Map<String, String> env) {
        // picocli's AUTO checks that a console is attached and that it is a terminal (JDK 22+).
        boolean terminal = CommandLine.Help.Ansi.AUTO.enabled();
        return new Colour(terminal && !env.containsKey("NO_COLOR"));
    }

    /** For a thin client's call: its terminal, as it told the daemon. */
    public static Colour forCaller(Map<String, String> env, boolean terminal) {
        return new Colour(terminal && !env.containsKey("NO_COLOR"));
    }

    /** Always on: for tests of the escape codes. */
    public static Colour always() {
        return new Colour(true);
    }

    public boolean enabled() {
        return on;
    }

    public String green(String s) {
        return wrap("32", s);
    }

    public String red(String s) {
        return wrap("31", s);
    }

    public String yellow(String s) {
        return wrap("33", s);
    }

    public String dim(String s) {
        return wrap("2", s);
    }

    public String bold(String s) {
        return wrap("1", s);
    }

    private String wrap(String code, String s) {
        return on ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
