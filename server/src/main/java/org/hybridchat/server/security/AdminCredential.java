package org.hybridchat.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Makes a request an admin's when it carries {@code Authorization: Bearer <admin token>}; every other
 * request is a user's, including one with some other bearer token (OpenAI clients always send their
 * API key, which is no credential here). With no token configured, as shipped, nobody is an admin.
 */
@Component
class AdminCredential implements WebFilter {
    static final String ADMIN = "ROLE_ADMIN";
    private static final String BEARER = "Bearer ";
    private static final Authentication ADMINISTRATOR = UsernamePasswordAuthenticationToken.authenticated(
            "admin", null, List.of(new SimpleGrantedAuthority(ADMIN), new SimpleGrantedAuthority(Roles.USER)));

    private final byte[] token;

    AdminCredential(@Value("${hybridchat.security.admin-token:}") String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (token.length == 0 || header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return chain.filter(exchange);
        }
        byte[] presented = header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        // compared in constant time, so the response time says nothing about how much of it was right
        return MessageDigest.isEqual(presented, token)
                ? chain.filter(exchange).contextWrite(ReactiveSecurityContextHolder.withAuthentication(ADMINISTRATOR))
                : chain.filter(exchange);
    }
}
