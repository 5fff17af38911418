package io.infrakit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** {@code infrakit version}. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Prints the version of InfraKit for Java and of the Java runtime.")
public final class VersionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("infrakit " + version());
        out.println("java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        out.println("protocol Instance/0.6.1 Flavor/0.1.1 Group/0.1.1 Controller/0.1.1");
    }

    /** For {@code infrakit --version}. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"infrakit " + version()};
        }
    }
}
