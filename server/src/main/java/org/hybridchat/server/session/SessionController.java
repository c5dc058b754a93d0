package org.hybridchat.server.session;

import org.hybridchat.contract.WireFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A session's history, so a reloaded page can show the conversation so far. */
@RestController
class SessionController {

    private final SessionStore store;

    SessionController(SessionStore store) {
        this.store = store;
    }

    /** The body is {@code WireFormat.encode(Conversation)}: the contract's one JSON form, not Jackson's. */
    @GetMapping(path = "/api/sessions/{id}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<String> messages(@PathVariable("id") String id) {
        return Mono.justOrEmpty(SessionId.parse(id))
                .flatMap(store::conversation)
                .map(WireFormat::encode)
                .switchIfEmpty(Mono.error(UnknownSessionException::new));
    }
}
