package io.lrp4j.cli;

import picocli.CommandLine;

/** The version from the jar's manifest, or {@code development} when run from classes. */
public final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"lrp4j " + (v == null ? "development" : v)};
    }
}
