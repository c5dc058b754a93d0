package org.hybridchat.loadtest;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/** Load is only ever sent to this machine: a load test aimed elsewhere by mistake is an attack. */
final class Loopback {

    private Loopback() {}

    static URI check(URI target) {
        try {
            if (target.getHost() == null || !InetAddress.getByName(target.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException("Refusing to send load to " + target
                        + ": the load generators only send to this machine (127.0.0.1, ::1 or localhost).");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Refusing to send load to " + target + ": unknown host", e);
        }
        return target;
    }
}
