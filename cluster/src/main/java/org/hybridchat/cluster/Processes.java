package org.hybridchat.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the cluster's parts share: free ports and finding Debian's programs. */
final class Processes {

    private Processes() {
    }

    /** A port of 127.0.0.1 that was free a moment ago (the process given it binds it soon after). */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** A program of a Debian package, which must be installed (bin/cluster and bin/test install it as root). */
    static String program(String path, String debianPackage) {
        if (!Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException(path + " is missing: install Debian's " + debianPackage
                    + " (apt-get install " + debianPackage + "; bin/cluster and bin/test do it when run as root)");
        }
        return path;
    }
}
