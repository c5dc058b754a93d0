package org.hybridchat.server.web;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/health}: the browser client probes it to tell "offline" from "the server is up".
 * An answer at all is the point, so it checks nothing further; {@code /actuator/health} reports on
 * Redis and the disk.
 */
@RestController
class HealthController {

    @GetMapping("/api/health")
    Map<String, String> health() {
        return Map.of("status", "UP");
    }
}
