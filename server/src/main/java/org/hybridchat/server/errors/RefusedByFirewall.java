package org.hybridchat.server.errors;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security's firewall refuses a request whose path or headers hold what no route needs and
 * attacks use (an encoded slash or backslash, NUL, other non-printable characters). It answers 400
 * with no body; this gives that refusal the body every other one has, saying why.
 */
@Component
class RefusedByFirewall implements ServerExchangeRejectedHandler {
    static final String DETAIL = "The request's path or headers hold characters this server refuses "
            + "(an encoded slash or backslash, NUL, or another non-printable character).";

    private final JsonMapper json;

    RefusedByFirewall(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
        return LastResortErrors.write(exchange.getResponse(), exchange.getRequest().getPath().value(),
                HttpStatus.BAD_REQUEST, DETAIL, json);
    }
}
