package io.infrakit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code infrakit version}. */
@Command(name = "version", description = "Prints the version of InfraKit for Java and of the Java runtime.")
public final class VersionCommand implements Runnable {

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    @Override
    public void run() {
        System.out.println("infrakit " + version());
        System.out.println("java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        System.out.println("protocol Instance/0.6.1 Flavor/0.1.1 Group/0.1.1 Controller/0.1.1");
    }

    /** For {@code infrakit --version}. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"infrakit " + version()};
        }
    }
}
