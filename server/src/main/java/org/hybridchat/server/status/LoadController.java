package org.hybridchat.server.status;

import org.hybridchat.contract.ServerLoad;
import org.hybridchat.contract.WireFormat;
import org.hybridchat.server.generation.DecodeLoop;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/load}: how busy the model is right now, for the page to show. Polled, not pushed:
 * a page open for hours then costs no connection of its own, and a poll every few seconds is
 * nothing beside a reply's tokens.
 */
@RestController
class LoadController {

    private final DecodeLoop decodeLoop;

    LoadController(DecodeLoop decodeLoop) {
        this.decodeLoop = decodeLoop;
    }

    // The body is the contract's JSON, WireFormat's, as the page decodes it.
    @GetMapping(path = "/api/load", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> load() {
        ServerLoad load = new ServerLoad(decodeLoop.activeGenerations(), decodeLoop.waitingGenerations(), decodeLoop.maxBatch(),
                decodeLoop.maxWaiting());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(WireFormat.encode(load));
    }
}
