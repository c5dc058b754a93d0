package org.hybridchat.server.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import reactor.core.publisher.Mono;

/** The caller's role as Spring Security holds it for the request: everyone is a user, some are admins. */
public final class Roles {
    static final String USER = "ROLE_USER";

    private Roles() {
    }

    /** Whether the current request was made by an admin. */
    public static Mono<Boolean> isAdmin() {
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .map(Roles::isAdmin)
                .defaultIfEmpty(false);
    }

    private static boolean isAdmin(Authentication authentication) {
        return authentication.isAuthenticated() && authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).anyMatch(AdminCredential.ADMIN::equals);
    }
}
